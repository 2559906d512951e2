import { checkFamily } from './fixtureHarness';

describe('references: returned closures and flags passed as props', () => {
  it('hooks and factories returning closures; useFlags() objects passed one level down as props (negative twins included)', async () => {
    (await checkFamily('closuresAndProps')).dispose();
  });
});
