package volunteer_test

import (
	"sync/atomic"
	"testing"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/db/dbtest"
)

// BenchmarkSignUpContended signs b.N residents up for one popular task at
// once on SQLite (the target: 1,000 sign-ups/s with exact
// capacity); the places run out after 500 and the rest wait.
func BenchmarkSignUpContended(b *testing.B) {
	f := setup(b, dbtest.SQLite(b))
	task := f.task(taskInput("500"))
	users := make([]account.User, b.N)
	for i := range users {
		users[i] = f.resident("Buur")
	}
	var next atomic.Int64
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			u := users[next.Add(1)-1]
			if _, err := f.svc.SignUp(f.ctx, u, task.ID); err != nil {
				b.Error(err)
			}
		}
	})
	b.StopTimer()
	if got := f.storedTask(task.ID); got.SignedCount+got.WaitingCount != b.N || got.SignedCount > 500 {
		b.Errorf("counters %d/%d after %d sign-ups", got.SignedCount, got.WaitingCount, b.N)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "signups/s")
}
