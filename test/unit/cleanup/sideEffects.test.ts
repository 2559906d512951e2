import { describeCleanupFixtures } from './fixtureRunner';

describeCleanupFixtures('sideEffects');
