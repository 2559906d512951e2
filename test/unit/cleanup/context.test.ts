import { describeCleanupFixtures } from './fixtureRunner';

describeCleanupFixtures('context');
