import { describeCleanupFixtures } from './fixtureRunner';

describeCleanupFixtures('bindings');
