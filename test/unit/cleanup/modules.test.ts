import { describeCleanupFixtures } from './fixtureRunner';

describeCleanupFixtures('modules');
