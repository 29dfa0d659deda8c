import * as fs from 'fs';
import * as path from 'path';
import { PURPOSES, STATEMENT_ORDER, statementPurpose } from '../src/permissions';

/** The rows of the README's "What each prop grants, and why" table: props and Sids of each. */
function readmeRows(): { label: string; props: string[]; sids: string[] }[] {
  const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
  const section = readme.split('## What each prop grants, and why')[1].split('\n## ')[0];
  const knownProps = new Set(PURPOSES.flatMap((p) => p.props));
  return section.split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| prop |'))
    .map((line) => {
      const [label, sids] = line.slice(2).split(' | ');
      const names = [...label.matchAll(/`([A-Za-z]+)(?:\(\))?`/g)].map((m) => m[1]);
      const props = [...names, ...(label.startsWith('always') ? ['always'] : [])].filter((n) => knownProps.has(n));
      return { label, props, sids: [...sids.matchAll(/`([A-Za-z0-9]+)`/g)].map((m) => m[1]) };
    });
}

describe('the purpose registry', () => {
  test('every Sid is registered once', () => {
    expect(new Set(STATEMENT_ORDER).size).toBe(STATEMENT_ORDER.length);
  });

  test('the README table names every registered statement, and only those', () => {
    const inReadme = new Set(readmeRows().flatMap((r) => r.sids));
    expect([...inReadme].sort()).toEqual([...STATEMENT_ORDER].sort());
  });

  test('each README row names a prop of the purpose of each Sid it lists', () => {
    for (const row of readmeRows()) {
      for (const sid of row.sids) {
        const purpose = PURPOSES.find((p) => p.statements.some((s) => s.sid === sid));
        expect({ row: row.label, sid, shared: purpose!.props.some((p) => row.props.includes(p)) })
          .toEqual({ row: row.label, sid, shared: true });
      }
    }
  });

  test('every prop a purpose names has a README row', () => {
    const documented = new Set(readmeRows().flatMap((r) => r.props));
    expect(PURPOSES.flatMap((p) => p.props).filter((p) => !documented.has(p))).toEqual([]);
  });

  test('every statement says why it exists in one line', () => {
    for (const s of PURPOSES.flatMap((p) => p.statements)) {
      expect({ sid: s.sid, ok: s.why.length > 10 && s.why.length <= 120 && !s.why.includes('\n') }).toEqual({ sid: s.sid, ok: true });
    }
  });

  test('a numbered Sid belongs to its purpose', () => {
    expect(statementPurpose('TrainingDataRead3')?.sid).toBe('TrainingDataRead');
    expect(statementPurpose('SomethingElse')).toBeUndefined();
  });
});
