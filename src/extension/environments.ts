import { configuredProtectedEnvironments, environmentProtection } from '../core/sources/protection';
import type { EnvironmentInfo } from '../core/sources/model';
import type { Services } from './services';
import type { FolderSession } from './workspace/folderSession';

export interface SourceEnvironment {
  sourceId: string;
  sourceLabel: string;
  environment: EnvironmentInfo;
  /** Why it is protected, or undefined for a dev environment. */
  protection: string | undefined;
}

/** Protection from the source, production-like names, user settings and the folder's `.flaglens.json`. */
export function protectedList(session: FolderSession, services: Services): string[] {
  return configuredProtectedEnvironments(services.settings.current.protectedEnvironments, session.flagLensConfig.sources?.protectedEnvironments);
}

export function sourceEnvironments(session: FolderSession, services: Services): SourceEnvironment[] {
  const configured = protectedList(session, services);
  return session.catalog.sources().flatMap((source) =>
    (source.snapshot?.environments ?? []).map((environment) => ({
      sourceId: source.id,
      sourceLabel: source.label,
      environment,
      protection: environmentProtection(environment.key, environment, configured),
    })),
  );
}

/**
 * The environment a source is looked at in: the one chosen with Select Environment when the source
 * has it, else its first unprotected one, else its first.
 */
export function effectiveEnvironment(session: FolderSession, services: Services, sourceId: string): string | undefined {
  const environments = sourceEnvironments(session, services).filter((entry) => entry.sourceId === sourceId);
  const selected = services.environment.selected;
  return (
    environments.find((entry) => entry.environment.key === selected)?.environment.key ??
    environments.find((entry) => entry.protection === undefined)?.environment.key ??
    environments[0]?.environment.key
  );
}
