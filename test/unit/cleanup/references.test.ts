import { describeCleanupFixtures } from './fixtureRunner';

describeCleanupFixtures('references');
