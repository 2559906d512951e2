import type { CatalogDefinition, CatalogEntry } from '../model';
import { environmentProtection, toggleTarget } from '../../sources/protection';
import { commandLink, type FlagCommandArgs, type FlagLinkCommand } from './commandLinks';
import { escapeMarkdown, inlineCode, linkText, linkTitle, tableCell } from './markdown';
import { relativeTime } from './relativeTime';
import { servingText } from './servingText';

export type { FlagCommandArgs };

export interface HoverOptions {
  now: Date;
  /** The environment chosen with Select Environment, if any. */
  preferredEnvironment?: string;
  protectedEnvironments: readonly string[];
  sourcesLoaded: boolean;
  /** The workspace folder (URI string) every link's command acts on. */
  folder?: string;
}

function link(text: string, command: FlagLinkCommand, args: FlagCommandArgs, options: HoverOptions, title?: string): string {
  const uri = commandLink(command, options.folder === undefined ? args : { ...args, folder: options.folder });
  return `[${text}](${uri}${title === undefined ? '' : ` "${linkTitle(title)}"`})`;
}

const sourceNames = { flagd: 'flag file', launchdarkly: 'LaunchDarkly dashboard', unleash: 'Unleash dashboard' } as const;

/** A hover is read at a glance; a description of megabytes must not become a hover of megabytes. */
const descriptionLimit = 1000;

function clipped(text: string, limit: number): string {
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}

function valueText(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

function environmentTable(definition: CatalogDefinition, options: HoverOptions): string[] {
  const flag = definition.flag;
  const rows = ['| Environment | State | Serving | Off variation | Last modified |', '|---|---|---|---|---|'];
  for (const environment of definition.environments) {
    const state = flag.environments[environment.key];
    const lock = environmentProtection(environment.key, environment, options.protectedEnvironments) ? ' 🔒' : '';
    const name = `${tableCell(environment.key)}${lock}`;
    if (!state) {
      rows.push(`| ${name} | — | — | — | — |`);
      continue;
    }
    const modified = state.lastModified ?? flag.lastModified;
    rows.push(
      `| ${name} | ${state.on ? '**ON**' : 'OFF'} | ${tableCell(servingText(state.serving))} | ${tableCell(state.offVariation ?? '—')} | ${modified ? relativeTime(modified, options.now) : '—'} |`,
    );
  }
  return rows;
}

function definitionSection(entry: CatalogEntry, definition: CatalogDefinition, options: HoverOptions): string[] {
  const flag = definition.flag;
  const lines: string[] = [];
  const badges = [escapeMarkdown(flag.kind), flag.temporary ? 'temporary' : 'permanent'];
  if (flag.type) badges.push(escapeMarkdown(flag.type));
  if (flag.archived) badges.push('archived');
  if (flag.deleted) badges.push('deleted');
  if (entry.stale.some((finding) => finding.kind !== 'unknownKey' && (!finding.sourceId || finding.sourceId === definition.sourceId))) badges.push('⚠ stale');
  lines.push(`**${escapeMarkdown(flag.name || flag.key)}** ${inlineCode(flag.key)} · ${badges.join(' · ')}`);
  if (flag.description) lines.push('', escapeMarkdown(clipped(flag.description, descriptionLimit)));
  if (flag.variations.length > 0) {
    const variations = flag.variations.map((variation) =>
      variation.name === valueText(variation.value) || String(variation.value) === variation.name
        ? inlineCode(variation.name)
        : `${inlineCode(variation.name)} = ${inlineCode(valueText(variation.value))}`,
    );
    lines.push('', `Variations: ${variations.join(', ')}`);
  }
  if (definition.environments.length > 0) lines.push('', ...environmentTable(definition, options));
  const footer = [`Source: ${escapeMarkdown(definition.sourceLabel)}`];
  if (flag.tags.length > 0) footer.push(`tags: ${flag.tags.map(escapeMarkdown).join(', ')}`);
  if (flag.maintainer) footer.push(`maintainer: ${escapeMarkdown(flag.maintainer)}`);
  lines.push('', footer.join(' · '));

  const links: string[] = [];
  const target = toggleTarget(definition.environments, options.preferredEnvironment, options.protectedEnvironments);
  if (target) {
    const on = flag.environments[target.key]?.on ?? false;
    const args = { key: entry.key, sourceId: definition.sourceId, environment: target.key };
    links.push(link(`Toggle in ${linkText(target.key)}`, 'flaglens.toggleFlag', args, options, `Turn ${on ? 'off' : 'on'} in ${target.key}`));
  }
  links.push(link('Find all references', 'flaglens.findReferences', { key: entry.key }, options));
  links.push(link(`Open in ${sourceNames[definition.sourceKind]}`, 'flaglens.openInDashboard', { key: entry.key, sourceId: definition.sourceId }, options));
  lines.push('', links.join(' · '));
  return lines;
}

/**
 * The whole hover for one key, as markdown with `command:` links (the extension marks it trusted for
 * exactly `flagLinkCommands`). Every value from a source is escaped or fenced, so the only links,
 * HTML-free and icon-free, are the ones built here with Flag Lens's own arguments. Stable headings so tests can read it: the first line is
 * `**Name** \`key\` · kind · temporary|permanent`.
 */
export function hoverMarkdown(entry: CatalogEntry, options: HoverOptions): string {
  const sections: string[][] = [];
  if (entry.definitions.length === 0) {
    sections.push([
      `**Unknown flag** ${inlineCode(entry.key)}`,
      '',
      options.sourcesLoaded ? 'No configured source defines this key.' : 'No flag source has loaded yet.',
      '',
      link('Find all references', 'flaglens.findReferences', { key: entry.key }, options),
    ]);
  }
  for (const definition of entry.definitions) sections.push(definitionSection(entry, definition, options));

  const stale = entry.stale.filter((finding) => finding.kind !== 'unknownKey');
  const staleLines = stale.map((finding) => `⚠ **Stale (${escapeMarkdown(finding.kind)})**: ${escapeMarkdown(finding.message)} — ${escapeMarkdown(finding.action)}`);
  const count = entry.references.length;
  const files = new Set(entry.references.map((reference) => reference.file)).size;
  const usage = `${count} reference${count === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}`;
  return [...sections.map((section) => section.join('\n')), [...staleLines, usage].join('\n\n')].join('\n\n---\n\n');
}
