import { describeCleanupFixtures } from './fixtureRunner';

describeCleanupFixtures('formatting');
