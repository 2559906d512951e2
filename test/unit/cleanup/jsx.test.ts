import { describeCleanupFixtures } from './fixtureRunner';

describeCleanupFixtures('jsx');
