import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { precompress } from './gzip-plugin';

// base './': relative asset URLs, so one build serves /realms/{any realm}/kc-edu/console/.
export default defineConfig({
  base: './',
  plugins: [react(), precompress()],
  build: {
    outDir: 'dist',
    target: 'es2020',
    sourcemap: false,
    // Keep keycloak-js and React out of the screen chunks so they are cached across deploys.
    rollupOptions: {
      output: {
        manualChunks: {
          react: ['react', 'react-dom', 'react-router-dom'],
        },
      },
    },
  },
  server: {
    // `npm run dev` against a local Keycloak: API and config proxied to it.
    proxy: {
      '/realms': 'http://localhost:8080',
    },
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
} as never);
