import * as fs from 'node:fs';
import { Session } from 'node:inspector';
import * as path from 'node:path';

/** Wraps one stretch of the index phase in a V8 CPU profile, so build and re-index are profiled apart. */
export class PhaseProfiler {
  private readonly session = new Session();

  constructor(private readonly dir: string) {
    fs.mkdirSync(dir, { recursive: true });
    this.session.connect();
  }

  private post<T>(method: string, params?: object): Promise<T> {
    return new Promise((resolve, reject) => {
      this.session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result as T)));
    });
  }

  async profile<T>(name: string, work: () => Promise<T>): Promise<T> {
    await this.post('Profiler.enable');
    await this.post('Profiler.setSamplingInterval', { interval: 200 });
    await this.post('Profiler.start');
    try {
      return await work();
    } finally {
      const { profile } = await this.post<{ profile: unknown }>('Profiler.stop');
      fs.writeFileSync(path.join(this.dir, `${name}.cpuprofile`), JSON.stringify(profile));
    }
  }

  dispose(): void {
    this.session.disconnect();
  }
}
