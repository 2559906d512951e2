import { throwIfAborted } from '../errors';
import { decodeText, FileSkippedError, ReadBuffer, readFileBytesSync, textEncodingOf } from '../util/textFiles';
import { skipReasonOf } from './discover';
import { camelCaseDisabledIn, importSignature, importsSdk, ldConsumerWrappedNames, scansRequires, type CustomPatternProbe } from './prefilter';
import type { FlagReference } from './model';
import { importsFlagCarryingSdk } from './sdkImports';

/** What the prefilter keeps of a file after reading it once. */
export interface FileSignals {
  /** Imports an SDK export that evaluates or makes a client, or calls a custom pattern: parsed in the first round. */
  seed: boolean;
  /** Values from it can carry flags by themselves (see FlagReach): not only literal-key custom calls. */
  source: boolean;
  camelOff: boolean;
  /** Import clauses and namespace member reads, tested against names exported by files that matter. */
  signature: string;
  /** Component names wrapped with withLDConsumer()(…) in this file. */
  ldWrapped: string[];
  /**
   * The decoded text of a seed (parsed next: no second read) or of a UTF-16 file. Not kept for the
   * others: holding every file's text through the build costs the collector more than reading
   * again the few files the import graph (FlagReach) asks about.
   */
  text?: string;
  /**
   * A seed only through custom calls that pass no key on, importing no SDK export that evaluates or
   * makes a client: its references may be readable without parsing (see LiteralCallReader). The
   * index tries that only once FlagReach says nothing the file imports can carry flags, so the
   * tokens of files that are parsed anyway are never read. `namesSdk`: it imports something of an
   * SDK all the same (a type), which an exported type could hand on.
   */
  literalCandidate?: { namesSdk: boolean };
  /**
   * Set by the index on a literal candidate it read: its references. It drops them (and parses the
   * file) where something the file imports can carry flags; otherwise the file is analyzed only if
   * it becomes a candidate the way any other file does.
   */
  literalReferences?: FlagReference[];
}

/**
 * What a file's text says about flags: whether it names an SDK at all, whether it is parsed first
 * (an SDK export that evaluates or makes a client, or a custom pattern call), and whether values
 * from it can carry flags by themselves (see FlagReach: not when its only custom calls write their
 * keys out).
 */
export function flagSignals(text: string, signature: string, custom: CustomPatternProbe): { namesSdk: boolean; sdk: boolean; seed: boolean; source: boolean } {
  const namesSdk = importsSdk(signature);
  const sdk = namesSdk && importsFlagCarryingSdk(text);
  const customCall = custom.test(text);
  return { namesSdk, sdk, seed: sdk || customCall, source: sdk || (customCall && custom.passesKeysOn(text)) };
}

/**
 * Shared by every call (the index reads in slices of a few hundred files): each file's bytes are
 * decoded before the next read and before any await, so calls that interleave never see each other's.
 */
const into = new ReadBuffer();

/** Reads every script once. Synchronous reads of small files cost far less CPU than promise-based ones. */
export async function readSignals(
  files: readonly string[],
  custom: CustomPatternProbe,
  maxFileBytes: number,
  skip: (file: string, reason: string) => void,
  signal: AbortSignal | undefined,
): Promise<Map<string, FileSignals>> {
  const out = new Map<string, FileSignals>();
  for (let i = 0; i < files.length; i++) {
    if (i % 500 === 499) {
      throwIfAborted(signal);
      await new Promise((resolve) => setImmediate(resolve));
    }
    let buffer: Buffer;
    try {
      // Refuses FIFOs, devices and sockets without blocking, and files over the cap without reading them.
      buffer = readFileBytesSync(files[i]!, { maxBytes: maxFileBytes, into });
    } catch (error) {
      // Vanished since discovery: nothing to index. Anything else is listed with its reason.
      if (error instanceof FileSkippedError) skip(files[i]!, skipReasonOf(error, files[i]!, maxFileBytes));
      continue;
    }
    const encoding = textEncodingOf(buffer);
    const text = decodeText(buffer);
    // Every test but the custom-pattern one runs on the import signature first: a few hundred bytes, not the file.
    const signature = importSignature(text, scansRequires(files[i]!));
    const { namesSdk, sdk, seed, source } = flagSignals(text, signature, custom);
    const ld = signature.includes('LDConsumer') || signature.includes('ldConsumer');
    out.set(files[i]!, {
      seed,
      source,
      // The provider that turns camelCase off is no evaluating export: any SDK import counts here.
      camelOff: namesSdk && camelCaseDisabledIn(text),
      signature,
      ldWrapped: ld ? ldConsumerWrappedNames(text) : [],
      ...(seed || encoding !== 'utf8' ? { text } : {}),
      ...(seed && !source && !sdk && !ld ? { literalCandidate: { namesSdk } } : {}),
    });
  }
  return out;
}

/** Component name → files that wrap a component of that name with withLDConsumer()(…). */
export class WrappedComponents {
  private readonly byName = new Map<string, Set<string>>();

  set(file: string, names: readonly string[]): void {
    for (const [name, files] of this.byName) {
      if (files.delete(file) && files.size === 0) this.byName.delete(name);
    }
    for (const name of names) {
      let files = this.byName.get(name);
      if (!files) this.byName.set(name, (files = new Set()));
      files.add(file);
    }
  }

  filesWrapping(name: string): Iterable<string> {
    return this.byName.get(name) ?? [];
  }

  namesIn(file: string): string[] {
    return [...this.byName].filter(([, files]) => files.has(file)).map(([name]) => name);
  }
}
