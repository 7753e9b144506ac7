"""What a read value is: text, shapes, ID numbers and cards, confusable characters, certainty."""
