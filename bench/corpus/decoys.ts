import type { BenchFlag } from './flagCatalog';
import type { ImportSet } from './importSet';
import { nouns, pascal } from './names';
import type { Random } from './random';
import type { SourceWriter } from './sourceWriter';

/**
 * Code that mentions flag keys and SDK method names without evaluating a flag: a local class with
 * `isEnabled`, keys in comments and strings, an SDK call inside a template string, a local `useFlag`.
 * None of it may be reported.
 */
export function decoySection(w: SourceWriter, random: Random, flags: readonly BenchFlag[], imports: ImportSet, localUseFlag: string | undefined, declared: Set<string>): void {
  const flag = random.pick(flags);
  const suffix = pascal(random.pick(nouns));
  const unique = (name: string): string => {
    let out = name;
    while (declared.has(out)) out += 'Next';
    declared.add(out);
    return out;
  };
  switch (random.int(0, 4)) {
    case 0: {
      const registry = unique(`${suffix}Registry`);
      w.line(`// Not a feature flag: modules switch themselves on here (unrelated to LaunchDarkly or Unleash).`);
      w.open(`class ${registry} {`);
      w.line('private readonly enabled = new Set<string>();');
      w.open('isEnabled(name: string): boolean {');
      w.line('return this.enabled.has(name);');
      w.close();
      w.open('variation(name: string, fallback: boolean): boolean {');
      w.line('return this.enabled.has(name) || fallback;');
      w.close();
      w.close();
      w.line(`const ${unique(`registry${suffix}`)} = new ${registry}();`);
      w.line(`export const ${unique(`is${suffix}Ready`)} = () => new ${registry}().isEnabled('${flag.key}') || new ${registry}().variation('${flag.key}', false);`);
      break;
    }
    case 1:
      w.line(`// TODO(flags): once '${flag.key}' is fully rolled out, drop the ldClient.variation('${flag.key}', ctx, false) branch.`);
      w.line(`/* Previously: if (unleash.isEnabled('${flag.key}')) { renderLegacy(); } — see useFlags() migration notes. */`);
      w.line(`export const ${unique(`${suffix.toLowerCase()}FlagNote`)} = 'flag ${flag.key} is documented in the runbook';`);
      break;
    case 2:
      w.line(`export const ${unique(`${suffix.toLowerCase()}Snippet`)} = \`const enabled = await client.getBooleanValue('${flag.key}', false);\`;`);
      w.line(`export const ${unique(`${suffix.toLowerCase()}Doc`)} = "growthbook.isOn('${flag.key}') returns true when the feature is on";`);
      break;
    case 3: {
      // A map with an isEnabled-like API that no SDK created.
      const toggles = unique(`${suffix.toLowerCase()}Toggles`);
      w.line(`const ${toggles} = { isEnabled: (name: string) => name.length > 3, isOn: (name: string) => name === '${flag.key}' };`);
      w.line(`export const ${unique(`${suffix.toLowerCase()}Visible`)} = ${toggles}.isEnabled('${flag.key}') && ${toggles}.isOn('${flag.key}');`);
      break;
    }
    default:
      if (localUseFlag) {
        const useFlag = imports.named(localUseFlag, 'useFlag');
        w.line(`// A local hook that happens to share its name with the Unleash and OpenFeature hooks.`);
        w.line(`export const ${unique(`use${suffix}Preference`)} = () => ${useFlag}('${flag.key}');`);
      } else {
        w.line(`export const ${unique(`${suffix.toLowerCase()}Label`)} = '${flag.key}';`);
      }
  }
}
