// The addon as the library loads it (built here, or prebuilt).
export { native, POLLIN } from '../../dist/native/index.js';
