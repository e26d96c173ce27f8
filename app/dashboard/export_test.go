package dashboard

import "context"

// ReportFromLog is the report with every aggregate on the log itself: the
// reference the rollups are tested against.
func (s *Service) ReportFromLog(ctx context.Context, f Filter) (Report, error) {
	return s.reportFromLog(ctx, f)
}
