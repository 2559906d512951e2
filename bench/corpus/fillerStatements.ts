import { adjectives, camel, localName, nouns, pascal, verbs } from './names';
import type { Random } from './random';
import type { SourceWriter } from './sourceWriter';

/** Expressions over the locals in scope, so generated bodies read like real code rather than noise. */
export function expression(random: Random, locals: readonly string[]): string {
  const a = locals.length > 0 ? random.pick(locals) : String(random.int(0, 99));
  const b = locals.length > 0 ? random.pick(locals) : String(random.int(0, 99));
  switch (random.int(0, 11)) {
    case 0:
      return `${a}.length > ${random.int(0, 20)}`;
    case 1:
      return `${a} ?? ${random.pick(['null', 'undefined', '0', "''", '[]'])}`;
    case 2:
      return `\`${random.pick(nouns)}-\${${a}}-\${${b}}\``;
    case 3:
      return `Math.max(${random.int(0, 10)}, Number(${a}) * ${random.int(2, 9)})`;
    case 4:
      return `${a} === ${b}`;
    case 5:
      return `[...${a}].filter((item) => item !== ${b})`;
    case 6:
      return `{ ${random.pick(nouns)}: ${a}, ${random.pick(adjectives)}: ${b} }`;
    case 7:
      return `String(${a}).trim().toLowerCase()`;
    case 8:
      return `${a}?.${random.pick(nouns)}?.${random.pick(adjectives)}`;
    case 9:
      return `Object.keys(${a}).map((name) => name.toUpperCase())`;
    case 10:
      return `${random.pick(verbs)}${pascal(random.pick(nouns))}(${a}, ${random.int(0, 50)})`;
    default:
      return `new Date(Date.now() - ${random.int(1, 90)} * 86_400_000).toISOString()`;
  }
}

/** A block of statements: declarations, branches, loops, switches, try/catch, awaits. */
export function statements(w: SourceWriter, random: Random, locals: string[], count: number, depth: number, isAsync: boolean): void {
  for (let i = 0; i < count; i++) {
    const kind = depth >= 2 ? random.int(0, 3) : random.int(0, 9);
    switch (kind) {
      case 0:
      case 1: {
        const name = uniqueLocal(random, locals);
        w.line(`const ${name} = ${expression(random, locals)};`);
        locals.push(name);
        break;
      }
      case 2: {
        const name = uniqueLocal(random, locals);
        w.line(`let ${name}: ${random.pick(['number', 'string', 'boolean', 'unknown'])} | undefined;`);
        locals.push(name);
        break;
      }
      case 3:
        w.line(`logger.debug('${random.pick(verbs)} ${random.pick(nouns)}', ${expression(random, locals)});`);
        break;
      case 4:
        w.open(`if (${expression(random, locals)}) {`);
        statements(w, random, [...locals], random.int(1, 3), depth + 1, isAsync);
        if (random.chance(0.4)) {
          w.middle('} else {');
          statements(w, random, [...locals], random.int(1, 2), depth + 1, isAsync);
        }
        w.close();
        break;
      case 5: {
        const item = camel(random.pick(nouns));
        w.open(`for (const ${item} of ${locals.length > 0 ? random.pick(locals) : '[]'} as unknown[]) {`);
        statements(w, random, [...locals, item], random.int(1, 3), depth + 1, isAsync);
        w.close();
        break;
      }
      case 6: {
        w.open(`switch (${locals.length > 0 ? random.pick(locals) : 'undefined'}) {`);
        for (const label of random.sample(adjectives, random.int(2, 4))) {
          w.open(`case '${label}':`);
          w.line(`return ${expression(random, locals)};`);
          w.dedent();
        }
        w.open('default:');
        w.line('break;');
        w.dedent();
        w.close();
        break;
      }
      case 7:
        w.open('try {');
        statements(w, random, [...locals], random.int(1, 3), depth + 1, isAsync);
        w.middle('} catch (error) {');
        w.line(`throw new Error(\`${random.pick(verbs)} failed: \${String(error)}\`);`);
        w.close();
        break;
      case 8:
        if (isAsync) {
          const name = uniqueLocal(random, locals);
          w.line(`const ${name} = await ${random.pick(verbs)}${pascal(random.pick(nouns))}Async(${expression(random, locals)});`);
          locals.push(name);
        } else {
          w.line(`${locals.length > 0 ? random.pick(locals) : 'state'}.${random.pick(verbs)}?.(${random.int(0, 9)});`);
        }
        break;
      default: {
        const name = uniqueLocal(random, locals);
        w.line(`const ${name} = ${locals.length > 0 ? random.pick(locals) : '[]'}`);
        w.line(`  .filter((entry) => Boolean(entry))`);
        w.line(`  .map((entry, index) => ({ entry, index, ${random.pick(nouns)}: ${random.int(0, 9)} }))`);
        w.line(`  .reduce((sum, next) => sum + next.index, 0);`);
        locals.push(name);
      }
    }
  }
}

function uniqueLocal(random: Random, locals: readonly string[]): string {
  let name = localName(random);
  while (locals.includes(name)) name = `${name}${random.int(2, 9)}`;
  return name;
}
