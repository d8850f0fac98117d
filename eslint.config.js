// Type-aware lint. Beyond the recommended sets it enforces the layout of DESIGN.md: domain/ has no I/O,
// only storage/ touches Kysely or drivers, only http/ knows Fastify, only config.ts reads process.env.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const drivers = ['kysely', 'pg', '@electric-sql/pglite'];
const web = ['fastify', 'fastify-*', '@fastify/*'];
const io = [
  'node:fs',
  'node:fs/*',
  'node:net',
  'node:http',
  'node:child_process',
  'node:os',
  'fs',
  'net',
  'http',
];
const layer = (name) => [`**/${name}/**`, `../${name}/*`, `../../${name}/*`];
const storageInternals = [
  '**/storage/kysely-store*',
  '**/storage/repositories/**',
  '**/storage/pglite*',
  '**/storage/postgres*',
  '**/storage/database*',
];

const restrict = (message, patterns) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
});

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'coverage/**', 'web/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['eslint.config.js', 'bin/*.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // node:test's describe/it return promises that the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite'] },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Only src/config.ts reads the environment.' },
      ],
    },
  },
  {
    files: ['src/config.ts', 'test/**', 'bench/**', 'scripts/**'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['src/domain/**'],
    rules: restrict('domain/ is pure: no I/O, no drivers, no other layers.', [
      ...drivers,
      ...web,
      ...io,
      ...layer('storage'),
      ...layer('services'),
      ...layer('http'),
      ...layer('cli'),
      '**/config*',
      '**/main*',
    ]),
  },
  {
    files: ['src/services/**'],
    rules: restrict('services/ reach the database only through the storage port.', [
      ...drivers,
      ...web,
      ...storageInternals,
      ...layer('http'),
      ...layer('cli'),
    ]),
  },
  {
    files: ['src/storage/**'],
    rules: restrict('storage/ knows nothing of HTTP, services or the CLI.', [
      ...web,
      ...layer('services'),
      ...layer('http'),
      ...layer('cli'),
    ]),
  },
  {
    files: ['src/http/**'],
    rules: restrict('http/ calls services; it does not touch storage or drivers.', [
      ...drivers,
      ...storageInternals,
      ...layer('cli'),
    ]),
  },
  {
    files: ['src/cli/**'],
    rules: restrict('cli/ calls services; it does not touch drivers or HTTP.', [
      ...drivers,
      ...web,
      ...storageInternals,
    ]),
  },
  {
    // The reviewer console runs in the browser and talks to the API only (web/src/api.ts).
    files: ['web/**'],
    rules: restrict('web/ talks to the Gatehouse API only: no server code, drivers or Fastify.', [
      '**/src/**',
      ...drivers,
      ...web,
    ]),
  },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
);
