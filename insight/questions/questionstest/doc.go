// Package questionstest makes notebooks for the tests and benchmarks of
// the question bank and of the packages that use it.
//
// It must not be imported by non-test code.
package questionstest
