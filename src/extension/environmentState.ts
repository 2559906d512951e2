import * as vscode from 'vscode';

const stateKey = 'flaglens.environment';

/** The environment the user chose with Select Environment; remembered per workspace. */
export class EnvironmentState implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<string | undefined>();
  readonly onDidChange = this.emitter.event;

  constructor(private readonly memento: vscode.Memento) {}

  get selected(): string | undefined {
    return this.memento.get<string>(stateKey);
  }

  async select(environment: string | undefined): Promise<void> {
    await this.memento.update(stateKey, environment);
    this.emitter.fire(environment);
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
