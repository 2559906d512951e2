import type { Workspace } from './workspace';

/** Analyses between two looks at what the build holds. */
const checkEvery = 16;

/**
 * How much syntax a build holds. Mid-build, the trees only their own analysis read are let go once
 * they hold more source than the budget: a tree costs about 40 bytes per character, and on a
 * 3,000-file workspace the 600 trees a build parsed held 126 MB at its end, most of them read by
 * nothing else (peak RSS of the core alone 317 MB; 233 MB with a budget of 250,000 characters). A
 * file read again later is parsed again from its text (Workspace.releaseTrees).
 */
export class TreeBudget {
  private sinceCheck = 0;
  /** Trees let go so far, for the build's log. */
  released = 0;

  constructor(
    private readonly ws: Workspace,
    private readonly maxChars: number,
    /** Files some other file's analysis read: they stay. */
    private readonly shared: () => ReadonlySet<string>,
    /** Lets go of every tree but those, with every answer that holds one. */
    private readonly release: (keep: ReadonlySet<string>) => void,
  ) {}

  afterAnalysis(): void {
    // No budget (a one-shot run): nothing to count.
    if (this.maxChars === Number.POSITIVE_INFINITY || ++this.sinceCheck < checkEvery) return;
    this.sinceCheck = 0;
    const shared = this.shared();
    if (this.ws.heldSourceChars(shared) <= this.maxChars) return;
    const before = this.ws.parsedCount;
    this.release(shared);
    this.released += before - this.ws.parsedCount;
  }
}
