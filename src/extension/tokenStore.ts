import * as vscode from 'vscode';
import type { SourceSecrets } from '../core/sources/createSources';

const keys = { launchDarklyToken: 'flaglens.launchDarkly.token', unleashToken: 'flaglens.unleash.token' } as const;
export type TokenName = keyof typeof keys;

/**
 * Tokens live only in SecretStorage and in this cache (needed synchronously for redaction); they
 * are never written to settings, logs or messages.
 */
export class TokenStore implements vscode.Disposable {
  private cache: SourceSecrets = {};
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly storage: vscode.SecretStorage) {
    this.subscription = storage.onDidChange((event) => {
      if (Object.values(keys).includes(event.key as (typeof keys)[TokenName])) void this.load().then(() => this.emitter.fire());
    });
  }

  async load(): Promise<SourceSecrets> {
    const [launchDarklyToken, unleashToken] = await Promise.all([this.storage.get(keys.launchDarklyToken), this.storage.get(keys.unleashToken)]);
    this.cache = { launchDarklyToken: launchDarklyToken || undefined, unleashToken: unleashToken || undefined };
    return this.cache;
  }

  get secrets(): SourceSecrets {
    return this.cache;
  }

  known(): string[] {
    return [this.cache.launchDarklyToken, this.cache.unleashToken].filter((token): token is string => !!token);
  }

  async store(name: TokenName, token: string): Promise<void> {
    await this.storage.store(keys[name], token);
    this.cache = { ...this.cache, [name]: token };
  }

  async clear(): Promise<void> {
    await Promise.all(Object.values(keys).map((key) => this.storage.delete(key)));
    this.cache = {};
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }
}
