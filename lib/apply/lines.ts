/** Splits streamed text into lines, holding back a line until its newline arrives. */
export class LineBuffer {
  private pending = '';

  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: string): void {
    const lines = (this.pending + chunk).split('\n');
    this.pending = lines.pop() ?? '';
    lines.forEach((line) => this.onLine(line.replace(/\r$/, '')));
  }

  /** Emits a last line that ended without a newline. */
  end(): void {
    if (this.pending !== '') {
      this.onLine(this.pending);
      this.pending = '';
    }
  }
}
