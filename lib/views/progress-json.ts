/**
 * JSON-lines progress: one JSON object per event, written as it happens,
 * for scripts and CI. Each object is the event itself; `plan-start` also
 * gives each action's title and subject as the human views show them.
 * JSON.stringify escapes control characters, so host output is safe here.
 */
import type { ApplyEvent, ApplyReporter } from '../apply/events.js';
import { describeStep } from './describe.js';

export class JsonProgressReporter implements ApplyReporter {
  constructor(private readonly write: (text: string) => void) {}

  emit(event: ApplyEvent): void {
    const record =
      event.type === 'plan-start'
        ? { ...event, actions: event.actions.map((action) => ({ ...action, ...describeStep(action.step) })) }
        : event;
    this.write(`${JSON.stringify(record)}\n`);
  }

  async close(): Promise<void> {}
}
