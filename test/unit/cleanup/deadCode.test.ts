import { describeCleanupFixtures } from './fixtureRunner';

describeCleanupFixtures('deadCode');
