import type { ts } from 'ts-morph';
import type { EvaluationKind, ReferenceOrigin, SdkName } from './model';
import type { SdkModule } from './sdkPatterns';

/** What an expression is, as far as flag SDKs are concerned. */
export type SdkValue =
  | { kind: 'module'; module: SdkModule }
  | { kind: 'export'; module: SdkModule; name: string }
  | { kind: 'api'; module: SdkModule }
  | { kind: 'client'; module: SdkModule }
  | { kind: 'flags'; module: SdkModule; camel: boolean; /** `client.allFlags()`, not React's `useFlags()`. */ allFlags?: boolean }
  | { kind: 'props'; module: SdkModule }
  | { kind: 'function'; fn: ts.SignatureDeclaration }
  | { kind: 'namespace'; file: string }
  /** A class declared in the workspace, and instances of it: their methods may be wrappers. */
  | { kind: 'class'; cls: ts.ClassLikeDeclaration }
  | { kind: 'instance'; cls: ts.ClassLikeDeclaration };

export type KeyVia = 'literal' | 'constant' | 'enum';

export type KeyResult =
  /** `origin`: the outermost constant or enum member the key was read through (see FlagReference.origin). */
  | { kind: 'const'; value: string; via: KeyVia; origin?: ReferenceOrigin }
  | { kind: 'param'; fn: ts.SignatureDeclaration; index: number; name: string; prefix: string; suffix: string; property?: string; propertyDefault?: ts.Expression }
  | { kind: 'dynamic'; reason: string };

/** One flag-evaluating site before its key is resolved. */
export interface Evaluation {
  sdk: SdkName;
  pattern: string;
  kind: EvaluationKind;
  /** The node whose span is the reference's key span. */
  keyNode: ts.Node;
  /** Resolve this to get the key; absent when the key is a written-out property name (`keyName`). */
  keyExpression?: ts.Expression;
  keyName?: string;
  /** Missing argument or another reason the site can never have a key. */
  missing?: string;
  /** Maps what the code says to the flag key (LaunchDarkly camelCase, custom transforms). */
  mapKey?: (key: string) => string;
  callNode: ts.Node;
  defaultNode?: ts.Node;
  negate?: boolean;
  valuePath?: string;
  /** Wrapper chain, outermost first, as `file#name`. */
  wrappers?: string[];
  /** Constant text around the key that wrappers add (`flag-${k}`). */
  prefix: string;
  suffix: string;
  /** A flags-object property read is `property` even when the key came from a constant. */
  property?: boolean;
}

export interface WrapperParam {
  index: number;
  /** `function isOn({ flag })`: the key is this property (a dotted path) of the object passed at `index`. */
  property?: string;
  paramName: string;
  prefix: string;
  suffix: string;
  inner: Evaluation;
  /** The parameter that supplies the default value, when the inner default is one. */
  defaultParamIndex?: number;
  /** `function isOn(key = 'new-checkout')`, `function isOnFor({ flag = 'new-checkout' })`: the key when a call leaves it out. */
  defaultKey?: ts.Expression;
  /** The default-value parameter's own default (`fallback = false`), for calls that leave it out. */
  defaultValueFallback?: ts.Expression;
}

export interface FunctionSummary {
  id: string;
  name: string;
  returns?: SdkValue;
  wrappers: WrapperParam[];
}
