import type { CatalogEntry } from '../model';
import { iconSafeText } from './plainText';
import { stateSummary } from './servingText';
import { marksStale } from './staleText';

/** The texts of one quick-pick item; VS Code draws `$(name)` in all three, so each is icon-escaped. */
export interface PickText {
  label: string;
  description?: string;
  detail?: string;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** A flag in a pick: its key, its state in `environment`, its description and reference count. */
export function flagPickText(entry: CatalogEntry, environment: string | undefined): PickText {
  const definition = entry.definitions[0];
  const state = definition && environment ? `${environment}: ${stateSummary(definition.flag, definition.flag.environments[environment])}` : 'not defined in any source';
  const stale = entry.stale.some(marksStale) ? ' · ⚠ stale' : '';
  return {
    label: iconSafeText(entry.key),
    description: iconSafeText(`${state}${stale}`),
    detail: iconSafeText([definition?.flag.description, plural(entry.references.length, 'reference')].filter(Boolean).join(' · ')),
  };
}

export interface EnvironmentPickInfo {
  name: string;
  sourceLabels: readonly string[];
  /** Why the environment is protected, if it is. */
  protection?: string;
}

/** An environment in Select Environment…: our own `$(check)`/`$(lock)` icons, then the escaped key. */
export function environmentPickText(key: string, info: EnvironmentPickInfo, selected: boolean): PickText {
  return {
    label: `${selected ? '$(check) ' : ''}${info.protection ? '$(lock) ' : ''}${iconSafeText(key)}`,
    description: iconSafeText([info.name !== key ? info.name : undefined, info.sourceLabels.join(', ')].filter(Boolean).join(' · ')),
    detail: info.protection ? iconSafeText(`Protected: ${info.protection}`) : undefined,
  };
}

/** One value Clean Up may keep; `recommended` (the source's own word) gets our star icon. */
export function keepValuePickText(value: unknown, reason: string, recommended: boolean): PickText {
  return { label: `${recommended ? '$(star-full) ' : ''}Keep ${iconSafeText(JSON.stringify(value) ?? String(value))}`, description: iconSafeText(reason) };
}
