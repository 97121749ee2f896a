// How often a crashed server is started again: a bounded number of times within a sliding window, so
// a server that dies on start-up (bad VM arguments, a broken jar) does not restart forever. No `vscode`
// import here.

export interface RestartDecision {
  restart: boolean;
  /** Crashes inside the window, this one included. */
  crashes: number;
}

export class RestartPolicy {
  private crashTimes: number[] = [];

  constructor(
    readonly maxRestarts = 5,
    readonly windowMs = 3 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a crash and says whether to start the server again. */
  recordCrash(): RestartDecision {
    const now = this.now();
    this.crashTimes = this.crashTimes.filter((t) => now - t < this.windowMs);
    this.crashTimes.push(now);
    return { restart: this.crashTimes.length <= this.maxRestarts, crashes: this.crashTimes.length };
  }

  /** A restart the user asked for starts a fresh count. */
  reset(): void {
    this.crashTimes = [];
  }
}
