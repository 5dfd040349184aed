import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { JsonProgressReporter } from '../../../lib/views/progress-json.js';
import { EVENTS } from './progress-events.js';

function render(): string {
  let output = '';
  const reporter = new JsonProgressReporter((text) => (output += text));
  EVENTS.forEach((event) => reporter.emit(event));

  return output;
}

describe('views/progress-json', () => {
  test('writes one JSON object per event', () => {
    const lines = render().trimEnd().split('\n');
    assert.equal(lines.length, EVENTS.length);
    assert.deepEqual(lines.map((line) => (JSON.parse(line) as { type: string }).type), EVENTS.map((event) => event.type));
  });

  test('describes the actions at plan start', () => {
    const first = JSON.parse(render().split('\n')[0]!) as { actions: { id: string; title: string; subject: string }[] };
    assert.equal(first.actions[0]!.title, 'stop and mask units');
    assert.equal(first.actions[0]!.subject, 'postfix.service (masked)');
  });

  test('keeps host output intact but escaped', () => {
    const output = render();
    assert.doesNotMatch(output, /\u001b/);
    const event = output.split('\n').map((line) => (line === '' ? null : JSON.parse(line))).find((item) => item?.type === 'action-output');
    assert.equal(event.line, EVENTS[4]!.type === 'action-output' ? EVENTS[4]!.line : '');
  });
});
