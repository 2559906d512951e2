import { describeCleanupFixtures } from './fixtureRunner';

describeCleanupFixtures('testMocks');
