import { statements } from './fillerStatements';
import { adjectives, camel, localName, nouns, pascal, verbs } from './names';
import type { Random } from './random';
import type { SourceWriter } from './sourceWriter';

const fieldTypes = [
  'string', 'number', 'boolean', 'Date', 'string[]', 'number | null', 'Record<string, unknown>',
  "'open' | 'closed' | 'pending'", 'ReadonlyArray<{ id: string; weight: number }>', 'Map<string, number>',
] as const;

function exportPrefix(exported: boolean): string {
  return exported ? 'export ' : '';
}

export function interfaceDeclaration(w: SourceWriter, random: Random, name: string, exported: boolean): void {
  if (random.chance(0.5)) w.line(`/** The ${random.pick(adjectives)} ${random.pick(nouns)} shape returned by the ${random.pick(nouns)} API. */`);
  const generic = random.chance(0.2) ? '<TMeta = unknown>' : '';
  w.open(`${exportPrefix(exported)}interface ${name}${generic} {`);
  for (const field of random.sample(nouns, random.int(4, 11))) {
    const optional = random.chance(0.3) ? '?' : '';
    const readonly = random.chance(0.25) ? 'readonly ' : '';
    w.line(`${readonly}${camel(random.pick(adjectives), field)}${optional}: ${random.pick(fieldTypes)};`);
  }
  if (generic) w.line('meta: TMeta;');
  w.close();
}

export function typeAlias(w: SourceWriter, random: Random, name: string, exported: boolean): void {
  switch (random.int(0, 3)) {
    case 0:
      w.line(`${exportPrefix(exported)}type ${name} = ${random.sample(adjectives, random.int(2, 5)).map((a) => `'${a}'`).join(' | ')};`);
      break;
    case 1:
      w.line(`${exportPrefix(exported)}type ${name}<T> = { [K in keyof T]?: T[K] extends object ? ${name}<T[K]> : T[K] };`);
      break;
    case 2:
      w.line(`${exportPrefix(exported)}type ${name} = (input: ${random.pick(fieldTypes)}, options?: { signal?: AbortSignal }) => Promise<void>;`);
      break;
    default:
      w.open(`${exportPrefix(exported)}type ${name} =`);
      w.line(`| { kind: '${random.pick(nouns)}'; value: ${random.pick(fieldTypes)} }`);
      w.line(`| { kind: '${random.pick(nouns)}'; error: string };`);
      w.dedent();
  }
}

export function enumDeclaration(w: SourceWriter, random: Random, name: string, exported: boolean): void {
  w.open(`${exportPrefix(exported)}enum ${name} {`);
  for (const [i, member] of random.sample(adjectives, random.int(3, 7)).entries()) w.line(`${pascal(member)} = ${i * 10},`);
  w.close();
}

export function functionDeclaration(w: SourceWriter, random: Random, name: string, exported: boolean): void {
  const isAsync = random.chance(0.35);
  const params = random.sample(nouns, random.int(1, 3)).map((n) => camel(random.pick(adjectives), n));
  const typed = params.map((p) => `${p}: ${random.pick(fieldTypes)}`).join(', ');
  if (random.chance(0.4)) w.line(`/** ${pascal(random.pick(verbs))}s the ${random.pick(nouns)} before it is ${random.pick(verbs)}d; callers rely on the order. */`);
  w.open(`${exportPrefix(exported)}${isAsync ? 'async ' : ''}function ${name}(${typed})${isAsync ? ': Promise<unknown>' : ': unknown'} {`);
  const locals = [...params];
  statements(w, random, locals, random.int(3, 8), 0, isAsync);
  w.line(`return ${random.chance(0.5) ? `{ ${locals.slice(-2).join(', ')} }` : locals[locals.length - 1]};`);
  w.close();
}

export function classDeclaration(w: SourceWriter, random: Random, name: string, exported: boolean): void {
  const dependency = camel(random.pick(nouns), 'store');
  w.open(`${exportPrefix(exported)}class ${name}${random.chance(0.3) ? ` extends Base${pascal(random.pick(nouns))}` : ''} {`);
  w.line(`private readonly cache = new Map<string, ${random.pick(fieldTypes)}>();`);
  w.line(`private ${camel(random.pick(adjectives), 'count')} = 0;`);
  w.line('');
  w.open(`constructor(private readonly ${dependency}: ${pascal(random.pick(nouns))}Store, private readonly logger: Logger) {`);
  if (random.chance(0.3)) w.line('super();');
  w.line(`this.logger.debug('${name} ready');`);
  w.close();
  for (const verb of random.sample(verbs, random.int(2, 5))) {
    const isAsync = random.chance(0.4);
    const param = localName(random);
    w.line('');
    w.open(`${random.chance(0.2) ? 'private ' : ''}${isAsync ? 'async ' : ''}${verb}${pascal(random.pick(nouns))}(${param}: string)${isAsync ? ': Promise<unknown>' : ''} {`);
    w.line(`const cached = this.cache.get(${param});`);
    w.line('if (cached !== undefined) return cached;');
    const locals = [param, 'cached'];
    statements(w, random, locals, random.int(2, 6), 0, isAsync);
    w.line(`this.cache.set(${param}, ${locals[locals.length - 1]} as never);`);
    w.line(`return this.${dependency}.${random.pick(verbs)}(${param});`);
    w.close();
  }
  w.close();
}

export function configObject(w: SourceWriter, random: Random, name: string, exported: boolean): void {
  w.open(`${exportPrefix(exported)}const ${name} = {`);
  for (const key of random.sample(nouns, random.int(3, 8))) {
    if (random.chance(0.3)) {
      w.open(`${key}: {`);
      w.line(`timeoutMs: ${random.int(1, 60) * 100},`);
      w.line(`retries: ${random.int(0, 5)},`);
      w.line(`label: '${random.pick(adjectives)} ${key}',`);
      w.close('},');
    } else {
      w.line(`${key}: ${random.chance(0.5) ? random.int(0, 1000) : `'${random.pick(adjectives)}'`},`);
    }
  }
  w.close(random.chance(0.5) ? '} as const;' : '};');
}

/** A React function component with hooks and a JSX tree. */
export function componentDeclaration(w: SourceWriter, random: Random, name: string, exported: boolean): void {
  const item = random.pick(nouns);
  const propsName = `${name}Props`;
  w.open(`interface ${propsName} {`);
  w.line(`${item}s: ReadonlyArray<{ id: string; label: string; ${random.pick(adjectives)}: boolean }>;`);
  w.line(`onSelect?: (id: string) => void;`);
  w.line(`title?: string;`);
  w.close();
  w.line('');
  w.open(`${exportPrefix(exported)}function ${name}({ ${item}s, onSelect, title = '${pascal(random.pick(adjectives))} ${item}s' }: ${propsName}) {`);
  w.line(`const [selected, setSelected] = useState<string | undefined>(undefined);`);
  w.line(`const [query, setQuery] = useState('');`);
  w.line(`const visible = useMemo(() => ${item}s.filter((entry) => entry.label.includes(query)), [${item}s, query]);`);
  w.open('useEffect(() => {');
  w.line(`if (selected !== undefined) onSelect?.(selected);`);
  w.close('}, [selected, onSelect]);');
  w.open('return (');
  w.open(`<section className="${item}-panel ${random.pick(adjectives)}">`);
  w.line('<h2>{title}</h2>');
  w.line(`<input value={query} onChange={(event) => setQuery(event.target.value)} placeholder="Filter ${item}s" />`);
  w.open('{visible.length === 0 ? (');
  w.line(`<p className="empty">No ${item}s yet.</p>`);
  w.middle(') : (');
  w.open('<ul>');
  w.open('{visible.map((entry) => (');
  w.open(`<li key={entry.id} className={entry.id === selected ? 'selected' : undefined}>`);
  w.line(`<button type="button" onClick={() => setSelected(entry.id)}>{entry.label}</button>`);
  w.close('</li>');
  w.close('))}');
  w.close('</ul>');
  w.close(')}');
  w.close('</section>');
  w.close(');');
  w.close();
}

export type DeclarationKind = 'interface' | 'type' | 'enum' | 'function' | 'class' | 'config' | 'component';

export const declarationWriters: Record<DeclarationKind, (w: SourceWriter, random: Random, name: string, exported: boolean) => void> = {
  interface: interfaceDeclaration,
  type: typeAlias,
  enum: enumDeclaration,
  function: functionDeclaration,
  class: classDeclaration,
  config: configObject,
  component: componentDeclaration,
};

/** A fresh declaration name of the given kind. */
export function declarationName(random: Random, kind: DeclarationKind, taken: Set<string>): string {
  let name = '';
  do {
    const noun = random.pick(nouns);
    const adjective = random.pick(adjectives);
    switch (kind) {
      case 'interface':
        name = pascal(adjective, noun, random.pick(['Options', 'Record', 'Summary', 'Payload', 'State']));
        break;
      case 'type':
        name = pascal(noun, random.pick(['Status', 'Patch', 'Handler', 'Result']));
        break;
      case 'enum':
        name = pascal(noun, 'Level');
        break;
      case 'function':
        name = camel(random.pick(verbs), adjective, noun);
        break;
      case 'class':
        name = pascal(adjective, noun, random.pick(['Service', 'Repository', 'Controller', 'Cache']));
        break;
      case 'config':
        name = camel(noun, 'Defaults');
        break;
      case 'component':
        name = pascal(adjective, noun, random.pick(['Panel', 'List', 'Card', 'View']));
        break;
    }
    if (taken.has(name)) name += String(random.int(2, 99));
  } while (taken.has(name));
  taken.add(name);
  return name;
}
