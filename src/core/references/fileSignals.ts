import { throwIfAborted } from '../errors';
import { decodeText, FileSkippedError, readFileBytesSync, textEncodingOf } from '../util/textFiles';
import { skipReasonOf } from './discover';
import { camelCaseDisabledIn, importSignature, importsSdk, ldConsumerWrappedNames, scansRequires, type NameMatcher } from './prefilter';

/** What the prefilter keeps of a file after reading it once: never the whole text. */
export interface FileSignals {
  /** Imports an SDK or mentions a custom pattern name: parsed in the first round. */
  seed: boolean;
  camelOff: boolean;
  /** Import clauses and namespace member reads, tested against names exported by files that matter. */
  signature: string;
  /** Component names wrapped with withLDConsumer()(…) in this file. */
  ldWrapped: string[];
  /**
   * The text of a UTF-16 file (TypeScript reads those through their BOM; the parser's file system
   * reads UTF-8), so the index can hand the parser the decoded text. Absent for UTF-8 files.
   */
  decodedText?: string;
}

/** Reads every script once. Synchronous reads of small files cost far less CPU than promise-based ones. */
export async function readSignals(
  files: readonly string[],
  custom: NameMatcher,
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
      buffer = readFileBytesSync(files[i]!, { maxBytes: maxFileBytes });
    } catch (error) {
      // Vanished since discovery: nothing to index. Anything else is listed with its reason.
      if (error instanceof FileSkippedError) skip(files[i]!, skipReasonOf(error, files[i]!, maxFileBytes));
      continue;
    }
    const encoding = textEncodingOf(buffer);
    const text = decodeText(buffer);
    // Every test but the custom-pattern one runs on the import signature first: a few hundred bytes, not the file.
    const signature = importSignature(text, scansRequires(files[i]!));
    const sdk = importsSdk(signature);
    const ld = signature.includes('LDConsumer') || signature.includes('ldConsumer');
    out.set(files[i]!, {
      seed: sdk || custom.test(text),
      camelOff: sdk && camelCaseDisabledIn(text),
      signature,
      ldWrapped: ld ? ldConsumerWrappedNames(text) : [],
      ...(encoding === 'utf8' ? {} : { decodedText: text }),
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
