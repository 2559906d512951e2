import type { CatalogDefinition, CatalogEntry } from '../model';
import type { FlagReference } from '../../references/model';
import { evidenceLine } from '../../evidence/evidenceText';
import type { EvidenceState } from '../../evidence/model';
import type { EnvironmentState, Serving, Variation } from '../../sources/model';
import { environmentProtection, toggleTarget } from '../../sources/protection';
import { openInText, rolloutActionText, toggleActionText } from './actionText';
import { flagRolloutPercent } from '../../sources/rollout';
import { commandLink, type FlagCommandArgs, type FlagLinkCommand, type ReferenceLinkArgs } from './commandLinks';
import type { SourceAvailability } from './lensText';
import { escapeMarkdown, inlineCode, linkText, linkTitle } from './markdown';
import { displayPath, locationText, resolutionOf } from './referenceText';
import { relativeTime } from './relativeTime';
import { formatPercent } from './servingText';
import { isHint, marksStale } from './staleText';

export type { FlagCommandArgs };

export interface HoverOptions {
  now: Date;
  /** The environment chosen with Select Environment, if any. */
  preferredEnvironment?: string;
  protectedEnvironments: readonly string[];
  sourcesLoaded: boolean;
  /**
   * What the folder's flag sources are doing, for a key no source defines: none configured, still
   * loading, none could load, or loaded. Absent: `loaded` when `sourcesLoaded`, else `loading`.
   */
  sources?: SourceAvailability;
  /** The workspace folder (URI string) every link's command acts on. */
  folder?: string;
  /** The folder's path: files are shown relative to it. */
  root?: string;
  /** The reference under the pointer: a key no source defines is explained through it. */
  reference?: FlagReference;
  /** For a key no source defines: the closest key a source does define. */
  suggestion?: string;
  /**
   * Evaluation evidence already loaded for a flag in an environment (the surface waits briefly for
   * it through an `EvidenceCache`); undefined shows nothing — a source without counts (flagd) or
   * counts not loaded yet.
   */
  evidence?: (sourceId: string, key: string, environment: string) => EvidenceState | undefined;
}

/** Markdown hard line break: lines of one block without the margins separate paragraphs get. */
const lineBreak = '  \n';

/** A hover is read at a glance; a description of megabytes must not become a hover of megabytes. */
const descriptionLimit = 160;
/** Environments listed one line each; a vendor project with dozens ends in "+N more". */
const environmentLimit = 8;
/** References listed as links when no source defines the key. */
const referenceLinkLimit = 3;

function link(text: string, command: FlagLinkCommand, args: FlagCommandArgs | ReferenceLinkArgs | undefined, options: HoverOptions, title?: string): string {
  const withFolder = args === undefined || options.folder === undefined ? args : { ...args, folder: options.folder };
  return `[${text}](${commandLink(command, withFolder)}${title === undefined ? '' : ` "${linkTitle(title)}"`})`;
}

function clipped(text: string, limit: number): string {
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function valueText(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

/** Values that only repeat their name (`on` = `true`, `blue` = "blue") are left out of the hover. */
function valueSaysMore(variation: Variation): boolean {
  const { name, value } = variation;
  if (String(value) === name || valueText(value) === name) return false;
  if (value === true) return !/^(on|true|enabled?|yes)$/i.test(name);
  if (value === false) return !/^(off|false|disabled?|no)$/i.test(name);
  return true;
}

/** What an environment does, in words and code spans: `serves \`on\``, `disabled — code default`. */
function environmentState(state: EnvironmentState): string {
  if (!state.on) return state.offVariation !== undefined ? `disabled — serves ${inlineCode(state.offVariation)}` : 'disabled — code default';
  const serving = state.serving;
  switch (serving.type) {
    case 'variation':
      return serving.variation === '' ? 'enabled — code default' : `serves ${inlineCode(serving.variation)}`;
    case 'split':
      return `serves ${serving.split.map((part) => `${inlineCode(part.variation)} ${formatPercent(part.percent)}%`).join(' · ')}`;
    case 'rules':
      return `${plural(serving.count, 'rule')}: ${escapeMarkdown(clipped(serving.summary, 60))}`;
  }
}

/** What everyone is configured to get now, to compare with what was observed: a disabled flag serves its off variation. */
function servedNow(state: EnvironmentState): Serving | undefined {
  if (state.on) return state.serving;
  return state.offVariation !== undefined ? { type: 'variation', variation: state.offVariation } : undefined;
}

/** One line per environment that defines the flag (and its evidence under it), then one for those that do not. */
function environmentLines(definition: CatalogDefinition, options: HoverOptions): string[] {
  const flag = definition.flag;
  const lines: string[] = [];
  const defined = definition.environments.filter((environment) => flag.environments[environment.key]);
  const missing = definition.environments.filter((environment) => !flag.environments[environment.key]);
  for (const environment of defined.slice(0, environmentLimit)) {
    const state = flag.environments[environment.key]!;
    const lock = environmentProtection(environment.key, environment, options.protectedEnvironments) ? ' 🔒' : '';
    const modified = state.lastModified ?? flag.lastModified;
    lines.push(`**${escapeMarkdown(environment.key)}**${lock} · ${environmentState(state)}${modified ? ` · changed ${relativeTime(modified, options.now)}` : ''}`);
    const evidence = options.evidence?.(definition.sourceId, flag.key, environment.key);
    if (evidence) lines.push(`↳ ${evidenceLine(evidence, servedNow(state), options.now)}`);
  }
  if (defined.length > environmentLimit) lines.push(`+${plural(defined.length - environmentLimit, 'more environment')}`);
  if (missing.length > 0) {
    const names = missing.length <= 3 ? `: ${missing.map((environment) => escapeMarkdown(environment.key)).join(', ')}` : '';
    lines.push(`not defined in ${plural(missing.length, 'other environment')}${names}`);
  }
  return lines;
}

function isStale(entry: CatalogEntry, definition: CatalogDefinition): boolean {
  return entry.stale.some((finding) => marksStale(finding) && (!finding.sourceId || finding.sourceId === definition.sourceId));
}

/** `**Name** \`key\`` when the source names the flag, else just `**key**`; then kind, permanence, vendor type, flags. */
function heading(entry: CatalogEntry, definition: CatalogDefinition): string {
  const flag = definition.flag;
  const badges = [escapeMarkdown(flag.kind), flag.temporary ? 'temporary' : 'permanent'];
  if (flag.type) badges.push(escapeMarkdown(flag.type));
  if (flag.archived) badges.push('archived');
  if (flag.deleted) badges.push('deleted');
  if (isStale(entry, definition)) badges.push('⚠ stale');
  const named = flag.name && flag.name !== flag.key ? `**${escapeMarkdown(flag.name)}** ${inlineCode(flag.key)}` : `**${escapeMarkdown(flag.key)}**`;
  return `${named} · ${badges.join(' · ')}`;
}

/** The short trailer: where the flag comes from, values that say more than their names, tags, maintainer. */
function details(definition: CatalogDefinition): string {
  const flag = definition.flag;
  const parts = [escapeMarkdown(definition.sourceLabel)];
  const telling = flag.variations.filter(valueSaysMore);
  if (telling.length > 0) {
    const shown = telling.slice(0, 3).map((variation) => `${inlineCode(variation.name)} = ${inlineCode(valueText(variation.value))}`);
    parts.push(`${shown.join(', ')}${telling.length > 3 ? ` +${telling.length - 3}` : ''}`);
  }
  if (flag.tags.length > 0) parts.push(`tags: ${flag.tags.slice(0, 5).map(escapeMarkdown).join(', ')}${flag.tags.length > 5 ? ' …' : ''}`);
  if (flag.maintainer) parts.push(`maintainer: ${escapeMarkdown(flag.maintainer)}`);
  return parts.join(' · ');
}

function usageLink(entry: CatalogEntry, options: HoverOptions): string {
  const count = entry.references.length;
  if (count === 0) return 'not referenced in code';
  const files = new Set(entry.references.map((reference) => reference.file)).size;
  return link(`${plural(count, 'reference')} in ${plural(files, 'file')}`, 'flaglens.findReferences', { key: entry.key }, options);
}

function definitionBlock(entry: CatalogEntry, definition: CatalogDefinition, options: HoverOptions, withUsage: boolean): string {
  const flag = definition.flag;
  const lines = [heading(entry, definition)];
  if (flag.description) lines.push(escapeMarkdown(clipped(flag.description, descriptionLimit)));
  lines.push(...environmentLines(definition, options));
  for (const finding of entry.stale) {
    if (finding.kind === 'unknownKey' || (finding.sourceId && finding.sourceId !== definition.sourceId)) continue;
    lines.push(
      isHint(finding)
        ? `ℹ ${escapeMarkdown(finding.message)}`
        : `⚠ **Stale (${escapeMarkdown(finding.kind)})**: ${escapeMarkdown(finding.message)} — ${escapeMarkdown(finding.action)}`,
    );
  }
  lines.push(details(definition));

  const links: string[] = [];
  const target = toggleTarget(definition.environments, options.preferredEnvironment, options.protectedEnvironments);
  if (target) {
    const on = flag.environments[target.key]?.on ?? false;
    const args = { key: entry.key, sourceId: definition.sourceId, environment: target.key };
    links.push(link(linkText(toggleActionText(on, target.key)), 'flaglens.toggleFlag', args, options, `${toggleActionText(on, target.key)}: ${entry.key}`));
    // A ramp under way (a split between on and off) gets its next step one click away; a plain on/off flag does not need it.
    const percent = rampPercent(definition, target.key);
    if (percent !== undefined) {
      const text = rolloutActionText(percent, target.key);
      links.push(link(linkText(text), 'flaglens.changeRollout', args, options, `${text}: ${entry.key}`));
    }
  }
  if (withUsage) links.push(usageLink(entry, options));
  links.push(link(openInText(definition.sourceKind), 'flaglens.openInDashboard', { key: entry.key, sourceId: definition.sourceId }, options));
  lines.push(links.join(' · '));
  return lines.join(lineBreak);
}

/** `**key** · constant \`NEW_CHECKOUT\` from \`src/flags/keys.ts\``: the key and how the code names it. */
function codeHeading(entry: CatalogEntry, options: HoverOptions): string {
  const references = options.reference ? [options.reference] : entry.references;
  const seen = new Set<string>();
  const ways: string[] = [];
  for (const reference of references) {
    const resolution = resolutionOf(reference, options.root);
    const parts = [resolution.how];
    if (resolution.name !== undefined) parts.push(inlineCode(resolution.name));
    if (resolution.from !== undefined) parts.push(resolution.from === 'this file' ? 'in this file' : `from ${inlineCode(resolution.from)}`);
    const text = parts.join(' ');
    if (seen.has(text)) continue;
    seen.add(text);
    ways.push(text);
    if (ways.length === 3) break;
  }
  return [`**${escapeMarkdown(entry.key)}**`, ...ways].join(' · ');
}

/** `Used in 2 files: [CheckoutPage.tsx:7](…) · [CheckoutButton.tsx:10](…)`, the first few as links to the place. */
function usageLine(entry: CatalogEntry, options: HoverOptions): string {
  const references = entry.references;
  if (references.length === 0) return 'Not referenced in code.';
  const files = new Set(references.map((reference) => reference.file)).size;
  const shown = references.slice(0, referenceLinkLimit).map((reference) =>
    link(linkText(locationText(reference)), 'flaglens.openReference', { key: entry.key, file: reference.file, line: reference.keySpan.startLine }, options, displayPath(reference.file, options.root)),
  );
  const rest = references.length > referenceLinkLimit ? ` · ${link(`all ${references.length}`, 'flaglens.findReferences', { key: entry.key }, options)}` : '';
  return `${plural(references.length, 'reference')} in ${plural(files, 'file')}: ${shown.join(' · ')}${rest}`;
}

function availability(options: HoverOptions): SourceAvailability {
  return options.sources ?? (options.sourcesLoaded ? 'loaded' : 'loading');
}

/** Why no definition shows, and what to do about it. */
function sourceLine(entry: CatalogEntry, options: HoverOptions): string {
  switch (availability(options)) {
    case 'none':
      return `No flag source configured — ${[
        link('Use a flagd file', 'flaglens.useFlagdFile', undefined, options),
        link('Connect LaunchDarkly', 'flaglens.connectLaunchDarkly', undefined, options),
        link('Connect Unleash', 'flaglens.connectUnleash', undefined, options),
      ].join(' · ')}`;
    case 'loading':
      return 'Flag sources are still loading.';
    case 'unavailable':
      return `No flag source could be loaded — ${link('Show Output', 'flaglens.showOutput', undefined, options)}`;
    case 'loaded': {
      const suggestion = options.suggestion ?? entry.stale.find((finding) => finding.suggestion !== undefined)?.suggestion;
      return `**Unknown flag**: no configured source defines it.${suggestion !== undefined ? ` Did you mean ${inlineCode(suggestion)}?` : ''}`;
    }
  }
}

/**
 * The whole hover for one key, as markdown with `command:` links (the extension marks it trusted for
 * exactly `flagLinkCommands`). Every value from a source or the code is escaped or fenced, so the
 * only links, HTML-free and icon-free, are the ones built here with Flag Lens's own arguments.
 *
 * Compact on purpose, so the language server's part of the hover stays in view: a heading
 * (`**Name** \`key\` · kind · temporary|permanent`, the name only when it differs from the key), the
 * description cut to one line, one line per environment, a one-line trailer, one line of links.
 * A key no source defines shows how the code names it, where it is used and why nothing defines it.
 */
export function hoverMarkdown(entry: CatalogEntry, options: HoverOptions): string {
  if (entry.definitions.length === 0) return [codeHeading(entry, options), usageLine(entry, options), sourceLine(entry, options)].join(lineBreak);
  const single = entry.definitions.length === 1;
  const blocks = entry.definitions.map((definition) => definitionBlock(entry, definition, options, single));
  if (!single) blocks.push(usageLink(entry, options));
  return blocks.join('\n\n---\n\n');
}

/** The on share in an environment that is enabled and serves a split to everyone (else); undefined otherwise. */
function rampPercent(definition: CatalogDefinition, environment: string): number | undefined {
  const state = definition.flag.environments[environment];
  if (!state?.on) return undefined;
  const serving = state.serving.type === 'rules' ? state.serving.fallthrough : state.serving;
  if (serving?.type !== 'split') return undefined;
  return flagRolloutPercent(definition.flag, environment);
}
