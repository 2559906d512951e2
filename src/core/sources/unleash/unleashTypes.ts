// The parts of the Unleash 6 Admin API responses Flag Lens reads, as a real 6.10 server returns them.
// Every field is optional where a server version or a token scope may leave it out.

export interface UnleashConstraint {
  contextName: string;
  operator: string;
  values?: string[];
  value?: string;
  inverted?: boolean;
  caseInsensitive?: boolean;
}

export interface UnleashVariant {
  name: string;
  weight?: number;
  weightType?: string;
  stickiness?: string;
  payload?: { type: string; value: string };
}

export interface UnleashStrategy {
  id?: string;
  name: string;
  title?: string | null;
  disabled?: boolean | null;
  constraints?: UnleashConstraint[];
  parameters?: Record<string, string | number | undefined>;
  segments?: number[];
  variants?: UnleashVariant[];
  sortOrder?: number;
}

/** The per-flag endpoint adds strategies and variants to what the list endpoint says of an environment. */
export interface UnleashFeatureEnvironmentDetail extends UnleashFeatureListEnvironment {
  strategies?: UnleashStrategy[];
  variants?: UnleashVariant[];
}

export interface UnleashFeatureDetail {
  name: string;
  description?: string | null;
  type?: string;
  project?: string;
  stale?: boolean;
  archived?: boolean;
  createdAt?: string | null;
  lastSeenAt?: string | null;
  variants?: UnleashVariant[];
  environments?: UnleashFeatureEnvironmentDetail[];
  createdBy?: { id?: number; name?: string };
}

export interface UnleashFeatureListEnvironment {
  name: string;
  type?: string;
  enabled: boolean;
  lastSeenAt?: string | null;
  yes?: number;
  no?: number;
}

export interface UnleashFeatureListItem {
  name: string;
  description?: string | null;
  type?: string;
  project?: string;
  stale?: boolean;
  createdAt?: string | null;
  archivedAt?: string | null;
  lastSeenAt?: string | null;
  environments?: UnleashFeatureListEnvironment[];
  tags?: { type: string; value: string }[];
}

export interface UnleashProjectFeatures {
  version?: number;
  features: UnleashFeatureListItem[];
}

export interface UnleashSearchResult {
  features: UnleashFeatureListItem[];
  total?: number;
}

export interface UnleashProject {
  name?: string;
  environments?: ({ environment: string } | string)[];
}

export interface UnleashEnvironment {
  name: string;
  type?: string;
  enabled?: boolean;
  sortOrder?: number;
  /** Unleash's own "protected" means "cannot be deleted", not "production"; `type` decides. */
  protected?: boolean;
  requiredApprovals?: number | null;
}

export interface UnleashEnvironments {
  environments: UnleashEnvironment[];
}

export interface UnleashSegments {
  segments: { id: number; name: string }[];
}

export interface UnleashEvent {
  id: number;
  type: string;
  createdAt: string;
  featureName?: string | null;
  project?: string | null;
  environment?: string | null;
}

export interface UnleashEventSearch {
  events: UnleashEvent[];
  total?: number;
}
