// Package form decodes and validates the web app's forms, separately from
// the handlers: each form is a struct and a function that reads it from
// a request's values and says, field by field, what is wrong and how to
// fix it.
//
// It must not write anything: handlers save through the notebook.
package form
