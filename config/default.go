package config

import "time"

// Default returns the configuration used where the file is silent, exactly
// as config.example.toml writes it (a test keeps the two equal). Its paths
// hold "~": Load replaces the paths a file leaves out by their XDG locations
// and expands the ones it sets, so only Load's result has usable paths.
func Default() *Config {
	return &Config{
		Calendar: Calendar{
			Calendars:       []string{"primary"},
			PollInterval:    Duration{time.Minute},
			Auth:            "oauth",
			Endpoint:        "",
			CredentialsFile: "~/.config/debrief/credentials.json",
			TokenFile:       "~/.config/debrief/token.json",
			Lookback:        Duration{30 * 24 * time.Hour},
			RequestTimeout:  Duration{30 * time.Second},
			MaxAttempts:     5,
		},
		Detect: Detect{
			Keywords: []string{
				"interview", "phone screen", "technical screen", "tech screen",
				"system design", "coding screen", "onsite", "on-site",
				"hiring manager", "recruiter call", "recruiter screen",
				"panel", "final round", "take-home review",
				"call w/ recruiter", "call with recruiter", "recruiter chat",
				"vorstellungsgespräch", "bewerbungsgespräch", "kennenlerngespräch",
				"entretien", "entrevista", "hm screen",
			},
			ExcludeKeywords: []string{
				"mock interview", "interview prep", "prep", "practice",
				"podcast", "user interview", "user research", "customer interview",
				"exit interview", "stay interview", "press interview",
				"panel discussion", "webinar", "thank-you", "thank you",
				"movie", "listen", "entretien annuel",
				"radio interview", "tv interview", "media interview",
			},
			Domains:        []string{},
			ExcludeDomains: []string{},
			SchedulingTools: []string{
				"greenhouse", "lever", "ashby", "goodtime", "calendly",
				"workday", "smartrecruiters", "icims", "jobvite",
				"modernloop", "prelude", "gem.com", "rippling ats",
			},
			OwnDomains: []string{},
			Agencies:   []string{},
		},
		Block: Block{
			Enabled:     true,
			Duration:    Duration{30 * time.Minute},
			Calendar:    "primary",
			Title:       "Debrief: {company}",
			MergeGap:    Duration{15 * time.Minute},
			Conflict:    "shift",
			MinDuration: Duration{10 * time.Minute},
			ShiftWithin: Duration{3 * time.Hour},
		},
		Alerts: Alerts{
			Tick:            Duration{30 * time.Second},
			Ended:           true,
			ReflectReminder: true,
			ThankYou:        []Duration{{3 * time.Hour}, {20 * time.Hour}},
			FollowUpTime:    "09:00",
			Briefing:        Duration{time.Hour},
			WeeklyReview:    "Sun 18:00",
			Snooze:          Duration{time.Hour},
		},
		Followup: Followup{
			ThankYouWithin: Duration{24 * time.Hour},
			ReplyAfterDays: 5,
			FollowUpDays:   1,
		},
		Notify: Notify{
			Backend: "desktop",
			Command: []string{},
			Timeout: Duration{5 * time.Second},
		},
		Notebook: Notebook{Dir: "~/.local/share/debrief/notebook"},
		State:    State{Dir: "~/.local/state/debrief"},
		Web:      Web{Enabled: true, Listen: "127.0.0.1:0"},
	}
}
