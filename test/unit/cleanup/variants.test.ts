import { describeCleanupFixtures } from './fixtureRunner';

describeCleanupFixtures('variants');
