import { describeCleanupFixtures } from './fixtureRunner';

describeCleanupFixtures('controlFlow');
