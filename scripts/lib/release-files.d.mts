import type { Plugin } from 'vite';

export function markdownPage(md: string, title: string): string;
export function releaseFiles(options: {
  root?: string;
  product: string;
  version: string;
}): Plugin & { addModules(modules: Record<string, { renderedLength: number }> | undefined): void };
