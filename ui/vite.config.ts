/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';

// Tauri loads the dev server on a fixed port and the built files from `dist`.
export default defineConfig({
  plugins: [svelte(), svelteTesting()],
  clearScreen: false,
  server: {
    port: 1420,
    strictPort: true,
    // The Rust side rebuilds on its own; Vite need not watch it.
    watch: { ignored: ['**/src-tauri/**'] },
    // The in-app guide (pages/Help.svelte) reads docs/guide and its screenshots.
    fs: { allow: ['.', '../docs'] },
  },
  envPrefix: ['VITE_', 'TAURI_ENV_'],
  build: {
    // WebKitGTK on Debian/Ubuntu is roughly as capable as Safari 15.
    target: 'safari15',
    outDir: 'dist',
    emptyOutDir: true,
    // The polyfill is not needed by WebKit and would add code to the entry.
    modulePreload: { polyfill: false },
    // Fonts or images must ship as files, never as data: URIs, for the CSP.
    assetsInlineLimit: 0,
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
  },
});
