import { describeCleanupFixtures } from './fixtureRunner';

describeCleanupFixtures('booleanAlgebra');
