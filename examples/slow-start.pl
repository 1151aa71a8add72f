#!/usr/bin/env prefork-interp -U,perl
# A script whose start-up costs about a second (standing in for heavy
# imports, config parsing, cache warming), then does a little per call.
use strict;
use warnings;
use Proc::Prefork::Interp;
use Time::HiRes qw(time);

my $t0 = time;
# The expensive initialisation: a sieve, keeping only a small table.
my $limit = 3_000_000;
my $sieve = '';
my @primes;
for my $n (2 .. $limit) {
  next if vec($sieve, $n, 1);
  push @primes, $n if @primes < 1000;
  for (my $m = $n * $n; $m <= $limit; $m += $n) { vec($sieve, $m, 1) = 1; }
}
my $init_ms = (time - $t0) * 1000;
my $under_prefork = exists $ENV{PREFORK_INTERP};

prefork_initialisation_complete();

$SIG{INT} = 'IGNORE';   # see reference-behaviour.md: the Perl monitor's early SIGINT
# Under prefork-interp @ARGV is interpreter, script, args; run plainly, just args.
my @args = $under_prefork ? @ARGV[2 .. $#ARGV] : @ARGV;
my $i = $args[0] // 1;
printf "pid %d: prime number %d is %d (initialisation took %.0f ms)\n", $$, $i, $primes[$i - 1], $init_ms;
