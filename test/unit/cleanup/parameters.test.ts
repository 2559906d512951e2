import { describeCleanupFixtures } from './fixtureRunner';

describeCleanupFixtures('parameters');
