import * as vscode from 'vscode';
import type { CatalogDefinition } from '../../core/catalog/model';
import { percentText, rolloutOutcomeText, rolloutProgressText, unreleaseOutcomeText } from '../../core/catalog/present/actionText';
import { notificationSafeText } from '../../core/catalog/present/plainText';
import { describeError, FlagLensError } from '../../core/errors';
import { redact } from '../../core/log';
import { FlagdSource } from '../../core/sources/flagd/flagdSource';
import type { FlagSource } from '../../core/sources/model';
import { environmentProtection } from '../../core/sources/protection';
import { flagRolloutPercent, noReleasePairMessage, parsePercent, releasePair, rolloutCapable } from '../../core/sources/rollout';
import { flagTargetOf, type FlagTarget } from '../commandArgs';
import { effectiveEnvironment, protectedList } from '../environments';
import type { Services } from '../services';
import type { FolderSession } from '../workspace/folderSession';
import { pickDefinition, pickFlag, resolveSession } from './pickers';

type Change = { kind: 'rollout'; percent: number } | { kind: 'unrelease' };

interface Chosen {
  session: FolderSession;
  definition: CatalogDefinition;
  source: FlagSource & Required<Pick<FlagSource, 'setRollout' | 'unrelease'>>;
  environment: string;
  before: number | undefined;
}

/** Change Rollout…: from the palette (pick a flag), a hover link or a key argument (`'promo'` or `{ key, environment }`). */
export async function changeRolloutCommand(services: Services, arg?: unknown): Promise<void> {
  const chosen = await choose(services, arg, 'Change the rollout of which flag?');
  if (!chosen) return;
  const { definition, environment, before, source } = chosen;
  const key = definition.flag.key;
  const pair = releasePair(definition.flag.variations)!;
  const wholeOnly = source.kind === 'unleash';
  const now = before === undefined ? '' : ` (now ${percentText(before)}%)`;
  const typed = await vscode.window.showInputBox({
    title: notificationSafeText(`Rollout of '${key}' in ${environment}`),
    prompt: notificationSafeText(`Percentage of everyone that gets '${pair.on}'${now}; the rest get '${pair.off}'.`),
    value: before === undefined ? '' : percentText(before),
    ignoreFocusOut: true,
    validateInput: (value) => percentProblem(value, wholeOnly),
  });
  if (typed === undefined) return;
  const percent = parsePercent(typed);
  await applyChange(services, chosen, { kind: 'rollout', percent });
}

/** Un-release Flag…: serve the off variation to everyone in one environment; protected ones still ask. */
export async function unreleaseCommand(services: Services, arg?: unknown): Promise<void> {
  const chosen = await choose(services, arg, 'Un-release which flag?');
  if (!chosen) return;
  await applyChange(services, chosen, { kind: 'unrelease' });
}

/** Only numbers the sources can store: 0–100, at most three decimals (whole numbers for Unleash). */
function percentProblem(value: string, wholeOnly: boolean): string | undefined {
  try {
    const percent = parsePercent(value);
    if (wholeOnly && !Number.isInteger(percent)) return 'Unleash rollouts are whole percentages.';
    return undefined;
  } catch (error) {
    return describeError(error);
  }
}

async function choose(services: Services, arg: unknown, placeHolder: string): Promise<Chosen | undefined> {
  const target: FlagTarget | undefined = typeof arg === 'string' ? { key: arg } : flagTargetOf(arg);
  const session = await resolveSession(services, target);
  if (!session) {
    void vscode.window.showInformationMessage('Flag Lens: open a folder with flags first.');
    return undefined;
  }
  const entry = target ? session.catalog.entry(target.key) : await pickFlag(session, services, { placeHolder, filter: (e) => e.definitions.length > 0 });
  if (!entry) {
    if (target) void vscode.window.showWarningMessage(notificationSafeText(`Flag Lens: no flag '${target.key}' in this folder.`));
    return undefined;
  }
  if (entry.definitions.length === 0) {
    void vscode.window.showWarningMessage(notificationSafeText(`Flag Lens: '${entry.key}' is not defined in any source, so its rollout cannot be changed.`));
    return undefined;
  }
  const definition = await pickDefinition(entry, target?.sourceId);
  if (!definition) return undefined;
  const source = session.catalog.source(definition.sourceId);
  if (!source) {
    void vscode.window.showErrorMessage(notificationSafeText(`Flag Lens: the source of '${entry.key}' is no longer connected.`));
    return undefined;
  }
  if (!rolloutCapable(source)) {
    void vscode.window.showWarningMessage(notificationSafeText(`Flag Lens: ${source.label} cannot change rollouts.`));
    return undefined;
  }
  if (!releasePair(definition.flag.variations)) {
    void vscode.window.showWarningMessage(notificationSafeText(`Flag Lens: ${noReleasePairMessage(entry.key, definition.flag.variations)}`));
    return undefined;
  }
  const environment = target?.environment ?? (await pickEnvironment(services, session, definition));
  if (!environment) return undefined;
  if (!(await canWriteFlagFile(source, entry.key, environment))) return undefined;
  // Said before the percentage is asked for: typing a number only to be told "not allowed" wastes the user's time.
  if (!(await protectedAllowed(services, session, definition, environment))) return undefined;
  return { session, definition, source, environment, before: flagRolloutPercent(definition.flag, environment) };
}

/** Every environment of the flag's source, the selected one first, each with its current percentage and protection. */
async function pickEnvironment(services: Services, session: FolderSession, definition: CatalogDefinition): Promise<string | undefined> {
  const environments = definition.environments.filter((e) => definition.flag.environments[e.key] !== undefined);
  if (environments.length === 0) {
    void vscode.window.showWarningMessage(notificationSafeText(`Flag Lens: ${definition.sourceLabel} has no environments for '${definition.flag.key}'.`));
    return undefined;
  }
  const selected = effectiveEnvironment(session, services, definition.sourceId);
  const ordered = [...environments].sort((a, b) => Number(b.key === selected) - Number(a.key === selected));
  const configured = protectedList(session, services);
  const items = ordered.map((environment) => {
    const state = definition.flag.environments[environment.key];
    const percent = flagRolloutPercent(definition.flag, environment.key);
    const now = !state?.on ? 'disabled' : state.serving.type === 'rules' ? rulesText(state.serving.count, percent) : percent === undefined ? 'no on/off split' : `${percentText(percent)}% on`;
    const protection = environmentProtection(environment.key, environment, configured);
    return {
      label: environment.name !== environment.key ? `${environment.name} (${environment.key})` : environment.key,
      description: notificationSafeText(protection ? `${now} · protected` : now),
      key: environment.key,
    };
  });
  const picked = await vscode.window.showQuickPick(items, { title: notificationSafeText(`Environment for '${definition.flag.key}'`), placeHolder: 'Which environment?' });
  return picked?.key;
}

async function applyChange(services: Services, chosen: Chosen, change: Change): Promise<void> {
  const { session, definition, source, environment, before } = chosen;
  const key = definition.flag.key;
  const approval = await approveChange(services, session, definition, environment, change, before);
  if (!approval) return;
  const request = { key, environment, comment: approval.comment, allowProtected: approval.allowProtected };
  const progress = change.kind === 'rollout' ? rolloutProgressText(key, change.percent, environment) : `un-releasing '${key}' in ${environment}…`;
  try {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: notificationSafeText(`Flag Lens: ${progress}`) }, () =>
      change.kind === 'rollout' ? source.setRollout({ ...request, percent: change.percent }) : source.unrelease(request),
    );
  } catch (error) {
    const message = redact(describeError(error), services.tokens.known());
    const what = change.kind === 'rollout' ? `change the rollout of '${key}'` : `un-release '${key}'`;
    services.logger.error(`Could not ${what} in ${environment}: ${message}`);
    const reconnect = FlagLensError.is(error, 'unauthorized') || FlagLensError.is(error, 'forbidden');
    const command = source.kind === 'launchdarkly' ? 'flaglens.connectLaunchDarkly' : source.kind === 'unleash' ? 'flaglens.connectUnleash' : undefined;
    const action = reconnect && command ? 'Reconnect…' : undefined;
    const answer = await vscode.window.showErrorMessage(notificationSafeText(`Flag Lens: could not ${what} in ${environment}: ${message}`), ...(action ? [action] : []), 'Show Output');
    if (answer === 'Show Output') services.output.show(true);
    else if (answer === action && command) await vscode.commands.executeCommand(command);
    return;
  }
  // Said from what the source reports now (it reads the flag back after a change), not from the request.
  const after = source.snapshot?.flags.find((flag) => flag.key === key);
  // A notification with an action shows its whole message; without one it is cut to a line.
  const again = 'Change Rollout…';
  const rampAgain = (answer: string | undefined): Promise<void> | undefined =>
    answer === again ? changeRolloutCommand(services, { key, sourceId: definition.sourceId, environment, folder: session.folder.uri.toString() }) : undefined;
  if (change.kind === 'unrelease') {
    const outcome = unreleaseOutcomeText(key, environment, after);
    services.logger.info(`${outcome} (${source.label})`);
    void vscode.window.showInformationMessage(notificationSafeText(`Flag Lens: ${outcome}`), again).then(rampAgain);
    return;
  }
  const outcome = rolloutOutcomeText(key, environment, change.percent, before, flagRolloutPercent(after, environment), after);
  services.logger.info(`${outcome} (${source.label})`);
  if (before === undefined || before === change.percent) {
    void vscode.window.showInformationMessage(notificationSafeText(`Flag Lens: ${outcome}`), again).then(rampAgain);
    return;
  }
  const undo = `Back to ${percentText(before)}%`;
  void vscode.window.showInformationMessage(notificationSafeText(`Flag Lens: ${outcome}`), undo).then(async (answer) => {
    if (answer !== undo) return;
    const current = session.catalog.entry(key)?.definitions.find((candidate) => candidate.sourceId === definition.sourceId) ?? definition;
    await applyChange(services, { ...chosen, definition: current, before: flagRolloutPercent(current.flag, environment) }, { kind: 'rollout', percent: before });
  });
}

/**
 * The same gate as toggles: a protected environment needs `flaglens.allowProtectedToggles` in user
 * settings and a modal naming the environment and the change (old → new percentage); an
 * environment that wants comments asks for one. Undefined = the user said no.
 */
async function approveChange(
  services: Services,
  session: FolderSession,
  definition: CatalogDefinition,
  environmentKey: string,
  change: Change,
  before: number | undefined,
): Promise<{ comment?: string; allowProtected: boolean } | undefined> {
  const key = definition.flag.key;
  const info = definition.environments.find((environment) => environment.key === environmentKey);
  const label = info && info.name !== info.key ? `${info.name} (${info.key})` : environmentKey;
  const protection = environmentProtection(environmentKey, info, protectedList(session, services));
  if (protection) {
    if (!(await protectedAllowed(services, session, definition, environmentKey))) return undefined;
    const pair = releasePair(definition.flag.variations)!;
    const state = definition.flag.environments[environmentKey];
    // Behind targeting rules a percentage is for everyone the rules do not match.
    const everyone = state?.serving.type === 'rules' ? 'everyone its targeting rules do not match' : 'everyone';
    const from = before === undefined ? 'what it serves now' : `${percentText(before)}%`;
    const question =
      change.kind === 'rollout'
        ? `Set '${key}' to ${percentText(change.percent)}% in protected environment '${label}'?`
        : `Un-release '${key}' in protected environment '${label}'?`;
    const effect =
      change.kind === 'rollout'
        ? `'${pair.on}' goes from ${from} to ${percentText(change.percent)}% of ${everyone}.`
        : state?.on && state.serving.type === 'rules'
          ? `Everyone gets '${pair.off}', including those its targeting rules give '${pair.on}' now.`
          : `Everyone gets '${pair.off}'${before ? ` (now ${percentText(before)}% get '${pair.on}')` : ''}.`;
    const action = change.kind === 'rollout' ? `Set to ${percentText(change.percent)}%` : 'Un-release';
    const answer = await vscode.window.showWarningMessage(
      notificationSafeText(question),
      { modal: true, detail: notificationSafeText(`${effect} '${label}' is protected because ${protection}. This changes what real users get from ${definition.sourceLabel}.`) },
      action,
    );
    if (answer !== action) return undefined;
  }
  let comment: string | undefined;
  if (info?.requireComments) {
    comment = await vscode.window.showInputBox({
      title: `Comment for the change in ${label}`,
      prompt: `${label} requires a comment with every change to '${key}'.`,
      ignoreFocusOut: true,
      validateInput: (value) => (value.trim() ? undefined : 'A comment is required in this environment.'),
    });
    if (comment === undefined) return undefined;
  }
  return { comment: comment?.trim(), allowProtected: protection !== undefined };
}

/** `2 rules`, and the split everyone else gets when there is one: `2 rules · 40% on for the rest`. */
function rulesText(count: number, percent: number | undefined): string {
  const rules = `${count} targeting rule${count === 1 ? '' : 's'}`;
  return percent === undefined ? rules : `${rules} · ${percentText(percent)}% on for the rest`;
}

/** False (after saying why) for a protected environment while `flaglens.allowProtectedToggles` is off. */
async function protectedAllowed(services: Services, session: FolderSession, definition: CatalogDefinition, environmentKey: string): Promise<boolean> {
  const info = definition.environments.find((environment) => environment.key === environmentKey);
  const protection = environmentProtection(environmentKey, info, protectedList(session, services));
  if (!protection || services.settings.current.allowProtectedToggles) return true;
  const label = info && info.name !== info.key ? `${info.name} (${info.key})` : environmentKey;
  const open = 'Open Setting';
  const answer = await vscode.window.showWarningMessage(
    notificationSafeText(`Flag Lens: '${label}' is a protected environment (${protection}). Changing it requires "flaglens.allowProtectedToggles" in your user settings.`),
    open,
  );
  if (answer === open) await vscode.commands.executeCommand('workbench.action.openSettings', 'flaglens.allowProtectedToggles');
  return false;
}

/** As for toggles: never write a flag file in an untrusted workspace, nor over its unsaved edits. */
async function canWriteFlagFile(source: FlagSource, key: string, environment: string): Promise<boolean> {
  if (source.kind !== 'flagd') return true;
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage(notificationSafeText(`Flag Lens: flag files are read-only in an untrusted workspace; trust the workspace to change '${key}'.`));
    return false;
  }
  const file = source instanceof FlagdSource ? source.fileOf(environment) : undefined;
  const open = file === undefined ? undefined : vscode.workspace.textDocuments.find((document) => document.uri.scheme === 'file' && document.uri.fsPath === vscode.Uri.file(file).fsPath);
  if (open?.isDirty) {
    void vscode.window.showWarningMessage(notificationSafeText(`Flag Lens: ${vscode.workspace.asRelativePath(open.uri)} has unsaved changes; save or revert them before changing '${key}'.`));
    return false;
  }
  return true;
}
