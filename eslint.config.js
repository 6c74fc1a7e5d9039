import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'runs/', 'public/', 'tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // The engine must never reach into the UI, the worker or the CLI (one-way data flow).
      'no-restricted-imports': 'off',
    },
  },
  {
    // The WASM pthread worker for Node (src/cli/wasmThreadWorker.cjs) is a CommonJS script, as worker_threads loads it.
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src/core/**', 'src/tasks/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['**/ui/**', '**/worker/**', '**/cli/**', 'react', 'react-dom', 'd3', 'zustand'] }],
    },
  },
  {
    files: ['src/**'],
    ignores: ['src/**/*.test.ts', 'src/core/sumTensors.ts'],
    rules: {
      'no-restricted-syntax': ['error', {
        selector: "MemberExpression[object.name='tf'][property.name='addN']",
        message: 'Use sumTensors (src/core/sumTensors.ts): WebGPU cannot bind more than 7 operands to one AddN kernel.',
      }, {
        selector: "MemberExpression[object.name='tf'][property.name=/^(zeros|ones)$/]",
        // Measured on WASM: zeros([128, 128]) ≈ 330 µs in Chromium and 52 µs in Node, fill ≈ 3–8 µs.
        message: 'Use tf.fill(shape, 0 or 1): tf.zeros and tf.ones build the values in JavaScript and copy them to the backend; Fill writes them there.',
      }],
    },
  },
  {
    // The engine is handed its task and config format (src/run/engine.ts binds them): types only from above.
    files: ['src/core/**'],
    ignores: ['src/core/**/*.test.ts', 'src/core/**/*.testing.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/ui/**', '**/worker/**', '**/cli/**', '**/run/**', 'react', 'react-dom', 'd3', 'zustand'] },
          // config/fields.ts is the field vocabulary (plain checks); the schema, codec and registries stay above core.
          { group: ['**/tasks/**', '**/config/schema', '**/config/codec'], allowTypeImports: true, message: 'src/core takes tasks and config as arguments: import types only.' },
        ],
      }],
    },
  },
);
