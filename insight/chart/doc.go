// Package chart draws the charts of the notebook's trends (insight.Stats)
// as PNG or SVG files, and as SVG elements inline in a web page. It is its
// own package so that only the commands and the web app, which draw, link
// gonum's drawing code and fonts: the daemon imports insight, not chart.
//
// The charts are drawn with gonum's vg layer alone: the root package
// gonum.org/v1/plot parses its twelve embedded fonts at every start of the
// process; here the fonts are parsed on the first chart drawn.
//
// It must not be imported by the daemon, which would then link gonum's drawing
// code and fonts.
package chart
