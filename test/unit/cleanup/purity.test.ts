import { describeCleanupFixtures } from './fixtureRunner';

describeCleanupFixtures('purity');
