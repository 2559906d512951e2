import { describeCleanupFixtures } from './fixtureRunner';

describeCleanupFixtures('pitfalls');
