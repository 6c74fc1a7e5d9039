/*
 * A pthread worker of TF.js's threaded WASM backend under Node's worker_threads (see wasmThreads.ts). TF.js hands
 * Emscripten this code and the backend's glue as Blobs behind blob: URLs, which Node cannot load: here the same
 * two come from tfjs-backend-wasm's own files.
 */
const { wasmWorkerContents } = require('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js');

const gluePath = require.resolve('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js');
// The worker code runs as a global script and reads these; its "load" message carries the glue as a Blob, which it
// turns into an object URL to import: that URL is the glue's file here.
globalThis.require = require;
globalThis.__filename = __filename;
URL.createObjectURL = () => gluePath;
URL.revokeObjectURL = () => {};
// As TF.js does before making its Blob: the string's "\n" escapes became newlines in the module's template literal.
(0, eval)(wasmWorkerContents.replace(/\n/g, '\\n'));
