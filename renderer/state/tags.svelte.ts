import type { TagInfo } from '../../core/types.ts';
import { api, messageOf } from '../lib/api.ts';
import { notify } from './app.svelte.ts';

export const tags = $state<{ list: TagInfo[]; loaded: boolean }>({ list: [], loaded: false });

export async function refreshTags(): Promise<void> {
  try {
    tags.list = (await api.listTags()).tags;
    tags.loaded = true;
  } catch (error) {
    notify(messageOf(error), 'error');
  }
}

export function colorOfTag(name: string): string | null {
  const lower = name.toLowerCase();
  return tags.list.find((t) => t.name.toLowerCase() === lower)?.color ?? null;
}
