/**
 * Example rule-database entries (the first check of pmg7to8's PMG 8 copy).
 * Old PMG releases created the "who" object groups `Blacklist` and
 * `Whitelist` with example addresses at `fromthisdomain.com`, a real
 * domain that is not reserved for examples, and PMG 8 asks to remove them.
 *
 * TODO: the probe does not read the rule database, so this check cannot
 * look for the entries. Until the facts carry the objects of those two
 * groups, it only tells the operator where to look, after the upgrade.
 */
import type { Check } from './context.js';
import { diagnostic, pmgUpgraded } from './context.js';

/** Reports, after the upgrade, that the example entries must be checked by hand. */
export const checkRuledbExamples: Check = (facts, _desired, context) => {
  if (!pmgUpgraded(facts)) {
    return [];
  }

  return [
    diagnostic(context, {
      code: 'ruledb-examples',
      severity: 'skip',
      subject: 'rule database',
      message:
        'The facts do not include rule-database objects, so pmgup cannot look for the example addresses at fromthisdomain.com.',
      fix: 'In the GUI under Mail Filter > Who Objects, remove mail@fromthisdomain.com and nomail@fromthisdomain.com from the Blacklist and Whitelist groups if they are there.',
    }),
  ];
};
