import { describeCleanupFixtures } from './fixtureRunner';

describeCleanupFixtures('containers');
