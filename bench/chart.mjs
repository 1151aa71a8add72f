// The benchmark chart as a plain SVG string (no browser, no library): one
// panel per initialisation and measure, a bar per pairing, log scale (the
// figures run from milliseconds to minutes), the median printed on each bar.
import { fmt } from './stats.mjs';

const COLORS = {
  'C client + Perl': '#2c3e50',
  'C client + Node': '#16a085',
  'our client + Perl': '#2980b9',
  'our client + Node': '#f1c40f',
  'plain perl': '#e67e22',
  'plain node': '#c0392b',
  'bare node -e 0': '#8e44ad',
};

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;');

export function chartSvg(summary, metrics, { title, subtitle }) {
  const inits = Object.keys(summary);
  const names = Object.keys(COLORS);
  const PW = 330; // panel width
  const BAR = 14;
  const PH = names.length * (BAR + 4) + 50;
  const W = 40 + metrics.length * (PW + 20);
  const H = 80 + inits.length * (PH + 20) + 40;
  const out = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="Helvetica, Arial, sans-serif" font-size="11">`);
  out.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  out.push(`<text x="20" y="26" font-size="16" font-weight="bold">${esc(title)}</text>`);
  out.push(`<text x="20" y="44" fill="#555">${esc(subtitle)}; log scale, shorter is faster</text>`);
  // legend
  names.forEach((n, i) => {
    const x = 20 + (i % 7) * 160;
    out.push(`<rect x="${x}" y="54" width="12" height="12" fill="${COLORS[n]}"/><text x="${x + 16}" y="64">${esc(n)}</text>`);
  });
  inits.forEach((init, r) => {
    metrics.forEach(([m, label], c) => {
      const x0 = 20 + c * (PW + 20);
      const y0 = 80 + r * (PH + 20);
      const vals = names.map((n) => summary[init][n]?.[m]).filter((v) => v > 0);
      const lo = Math.log10(Math.min(...vals) / 2);
      const hi = Math.log10(Math.max(...vals) * 1.5);
      const scale = (v) => ((Math.log10(v) - lo) / (hi - lo)) * (PW - 90);
      out.push(`<rect x="${x0}" y="${y0}" width="${PW}" height="${PH}" fill="#fafafa" stroke="#ddd"/>`);
      out.push(`<text x="${x0 + 8}" y="${y0 + 16}" font-weight="bold">${esc(init)}: ${esc(label)}</text>`);
      names.forEach((n, i) => {
        const v = summary[init][n]?.[m];
        if (!(v > 0)) return;
        const y = y0 + 28 + i * (BAR + 4);
        const w = Math.max(2, scale(v));
        out.push(`<rect x="${x0 + 8}" y="${y}" width="${w.toFixed(1)}" height="${BAR}" fill="${COLORS[n]}"><title>${esc(n)}: ${fmt(v)}</title></rect>`);
        out.push(`<text x="${x0 + 12 + w}" y="${y + 11}">${fmt(v)}</text>`);
      });
    });
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}
